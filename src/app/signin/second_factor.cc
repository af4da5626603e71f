#include "app/signin/second_factor.h"

#include <spdlog/spdlog.h>

#include "app/signin/accounts.h"
#include "util/hex.h"
#include "util/random.h"
#include "util/sha256.h"
#include "util/totp.h"

namespace sabt::app::signin {
namespace {

std::string NormalizeRecovery(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c == '-' || c == ' ') continue;
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

bool AllDigits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

}  // namespace

bool RequiresTotp(domain::Role role) {
  return role == domain::Role::kAdmin || role == domain::Role::kHead || role == domain::Role::kProsecutor ||
         role == domain::Role::kAuditor;
}

std::string RecoveryCodeHash(std::string_view code) { return HashHex(Sha256(NormalizeRecovery(code))); }

std::optional<store::TotpRow> AcceptSecondFactor(const store::TotpRow& t, std::string_view code, int64_t now_ms) {
  if (!t.confirmed) return std::nullopt;
  std::string c(code);
  while (!c.empty() && c.back() == ' ') c.pop_back();
  while (!c.empty() && c.front() == ' ') c.erase(c.begin());
  if (c.size() == 6 && AllDigits(c)) {
    auto secret = HexDecode(t.secret_hex);
    if (!secret.ok()) return std::nullopt;
    auto step = TotpMatch(*secret, c, now_ms / 1000);
    if (!step || *step <= t.last_step) return std::nullopt;  // wrong, or replay of a used step
    store::TotpRow out = t;
    out.last_step = *step;
    return out;
  }
  if (NormalizeRecovery(c).size() != 16) return std::nullopt;
  std::string h = RecoveryCodeHash(c);
  for (size_t i = 0; i < t.recovery_hashes.size(); ++i) {
    if (t.recovery_hashes[i] == h) {
      store::TotpRow out = t;
      out.recovery_hashes.erase(out.recovery_hashes.begin() + static_cast<long>(i));
      return out;
    }
  }
  return std::nullopt;
}

std::string DemoSecret(uint64_t seed, std::string_view username) {
  Hash h = Sha256("sabt-demo-totp\n" + std::to_string(seed) + "\n" + std::string(username));
  return std::string(reinterpret_cast<const char*>(h.data()), 20);
}

Status SetConfirmedSecret(App& app, const std::string& user_id, const std::string& secret) {
  store::TotpRow t;
  t.user_id = user_id;
  t.secret_hex = HexEncode(secret);
  t.confirmed = true;
  auto r = app.writer().Run([t](WriteContext& ctx) -> Result<nlohmann::json> {
    store::TotpRow row = t;
    row.created_ms = ctx.now_ms();
    SABT_RETURN_IF_ERROR(ctx.tx().PutTotp(row));
    journal::NewEntry e;
    e.kind = "auth.totp_enrolled";
    e.subject = row.user_id;
    e.actor = "system";
    e.at_ms = ctx.now_ms();
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    return nlohmann::json::object();
  });
  return r.status();
}

Result<std::string> PendingSecret(App& app, const Principal& p) {
  std::string user_id = p.user.id;
  std::string fresh = RandomBytes(20);
  auto r = app.writer().Run([user_id, fresh](WriteContext& ctx) -> Result<nlohmann::json> {
    auto cur = ctx.tx().Totp(user_id);
    if (!cur.ok()) return cur.status();
    if (cur->has_value() && (*cur)->confirmed) return Status::Conflict("second factor already enrolled");
    if (cur->has_value()) return nlohmann::json{{"secret", (*cur)->secret_hex}};
    store::TotpRow t;
    t.user_id = user_id;
    t.secret_hex = HexEncode(fresh);
    t.created_ms = ctx.now_ms();
    SABT_RETURN_IF_ERROR(ctx.tx().PutTotp(t));
    return nlohmann::json{{"secret", t.secret_hex}};
  });
  if (!r.ok()) return r.status();
  return HexDecode((*r)["secret"].get<std::string>());
}

Result<std::vector<std::string>> ConfirmEnrolment(App& app, const Principal& p, const std::string& code) {
  // Codes made before the write; only their hashes enter the store.
  std::vector<std::string> codes, hashes;
  for (int i = 0; i < kRecoveryCodeCount; ++i) {
    std::string b32 = Base32(RandomBytes(10));  // 16 characters
    std::string shown = b32.substr(0, 4) + "-" + b32.substr(4, 4) + "-" + b32.substr(8, 4) + "-" + b32.substr(12, 4);
    codes.push_back(shown);
    hashes.push_back(RecoveryCodeHash(shown));
  }
  std::string user_id = p.user.id;
  store::SessionRow session = p.session;
  int ttl_minutes = app.config().session_ttl_minutes;
  auto r = app.writer().Run([user_id, code, hashes, session, ttl_minutes](WriteContext& ctx) -> Result<nlohmann::json> {
    auto cur = ctx.tx().Totp(user_id);
    if (!cur.ok()) return cur.status();
    if (!cur->has_value() || (*cur)->confirmed) return Status::Conflict("no pending enrolment");
    store::TotpRow t = **cur;
    auto secret = HexDecode(t.secret_hex);
    if (!secret.ok()) return secret.status();
    auto step = TotpMatch(*secret, code, ctx.now_ms() / 1000);
    if (!step) return Status::Invalid("wrong code");
    t.confirmed = true;
    t.last_step = *step;
    t.recovery_hashes = hashes;
    SABT_RETURN_IF_ERROR(ctx.tx().PutTotp(t));
    journal::NewEntry e;
    e.kind = "auth.totp_enrolled";
    e.subject = user_id;
    e.actor = user_id;
    e.at_ms = ctx.now_ms();
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    store::SessionRow s = session;
    s.stage = "";
    s.last_seen_ms = ctx.now_ms();
    s.expires_ms = s.created_ms + int64_t{ttl_minutes} * 60000;
    SABT_RETURN_IF_ERROR(ctx.tx().InsertSession(s));
    return nlohmann::json::object();
  });
  if (!r.ok()) return r.status();
  spdlog::info("second factor enrolled: {}", p.user.username);
  return codes;
}

Status ResetSecondFactor(App& app, const Principal& admin, const std::string& user_id) {
  auto target = UserInAdminScope(app, admin, user_id);
  if (!target.ok()) return target.status();
  std::string actor = admin.user.id;
  auto r = app.writer().Run([user_id, actor](WriteContext& ctx) -> Result<nlohmann::json> {
    SABT_RETURN_IF_ERROR(ctx.tx().DeleteTotp(user_id));
    SABT_RETURN_IF_ERROR(ctx.tx().DeleteUserSessions(user_id));
    journal::NewEntry e;
    e.kind = "auth.totp_reset";
    e.subject = user_id;
    e.actor = actor;
    e.at_ms = ctx.now_ms();
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    return nlohmann::json::object();
  });
  if (r.ok()) spdlog::info("second factor reset: {} by {}", target->username, admin.user.username);
  return r.status();
}

}  // namespace sabt::app::signin
