#include "app/sync_parent.h"

#include "app/sync_challenge.h"
#include "app/sync_pull.h"

#include <spdlog/spdlog.h>

#include <map>
#include <mutex>

#include "app/log.h"
#include "app/device_guard.h"
#include "app/projector.h"
#include "app/sync_projector.h"
#include "domain/department.h"
#include "domain/file_type.h"
#include "domain/role.h"
#include "journal/appender.h"
#include "journal/checkpoint.h"
#include "journal/merkle.h"
#include "util/base64.h"
#include "util/clock.h"
#include "util/hex.h"
#include "util/jcs.h"
#include "util/random.h"
#include "util/sha256.h"
#include "util/zstd.h"
#include "util/json_str.h"

namespace sabt::app {
namespace {

SyncAnswer Answer(int status, const std::string& error, const std::string& message, nlohmann::json extra = {}) {
  SyncAnswer a;
  a.http_status = status;
  a.body = extra.is_object() ? extra : nlohmann::json::object();
  a.body["error"] = error;
  a.body["message"] = message;
  return a;
}

// 12 symbols without look-alikes, grouped 4-4-4 for reading aloud.
std::string NewEnrolmentCode() {
  static constexpr char kAlphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  constexpr unsigned kN = sizeof(kAlphabet) - 1;
  std::string out;
  int symbols = 0;
  while (symbols < 12) {
    unsigned v = static_cast<unsigned char>(RandomBytes(1)[0]);
    if (v >= 256 - (256 % kN)) continue;
    if (symbols > 0 && symbols % 4 == 0) out.push_back('-');
    out.push_back(kAlphabet[v % kN]);
    ++symbols;
  }
  return out;
}

// Codes are compared after dropping separators and folding ASCII case (the
// alphabet is ASCII by construction).
std::string NormaliseCode(const std::string& code) {
  std::string out;
  for (char c : code) {
    if (c == '-' || c == ' ') continue;
    out.push_back((c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return out;
}

std::string CodeHash(const std::string& code) { return HashHex(Sha256("sabt-enrolment\n" + NormaliseCode(code))); }

bool IsAdmin(const Principal& who) { return domain::Allows(who.role, domain::Action::kManageDepartments); }

Result<std::vector<nlohmann::json>> Records(store::ReadTx& tx, const char* kind) {
  auto rows = tx.SyncRecords(kind);
  if (!rows.ok()) return rows.status();
  std::vector<nlohmann::json> out;
  for (const auto& [k, v] : *rows) {
    auto j = nlohmann::json::parse(v, nullptr, false);
    if (j.is_discarded()) return Status::Corruption("sync record " + k + " is not JSON");
    out.push_back(std::move(j));
  }
  return out;
}

std::string UpperAscii(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

std::string LowerAscii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

struct ParsedEntry {
  store::EntryRow row;
  std::optional<store::PayloadRow> payload;
  std::string attachment_sha;  // for appeal.attachment_added: the file it needs
  EntryView view;
};

// A file the child sent (inline or by upload), checked against its hash and type.
Result<store::AttachmentBlob> CheckedBlob(const std::string& sha256, std::string bytes) {
  if (bytes.empty() || bytes.size() > domain::kMaxAttachmentBytes)
    return Status::Invalid("attachment " + sha256 + " is empty or larger than 20 MiB");
  if (sha256.size() != 64 || HashHex(Sha256(bytes)) != sha256)
    return Status::Invalid("the bytes sent do not match SHA-256 " + sha256);
  store::AttachmentBlob b;
  b.mime = domain::SniffAttachmentType(bytes);
  if (b.mime.empty()) return Status::Invalid("attachment " + sha256 + " is not an accepted file type");
  b.sha256 = sha256;
  b.size = static_cast<int64_t>(bytes.size());
  b.data = std::move(bytes);
  return b;
}

// The enrolled, active device `origin` and its key, or the answer refusing it.
struct ActiveDevice {
  std::optional<SyncAnswer> refusal;
  VerifierKey key;
  std::string via;  // the district that enrolled it (§13), "" if this node did
};
ActiveDevice LoadActiveDevice(App& app, const std::string& origin) {
  ActiveDevice out;
  std::optional<nlohmann::json> device;
  {
    auto tx = app.store().Read();
    if (!tx.ok()) return {Answer(500, "internal", "internal error"), {}, {}};
    auto d = SyncDevice(**tx, origin);
    if (!d.ok()) return {Answer(500, "internal", "internal error"), {}, {}};
    device = *d;
  }
  if (!device) return {Answer(403, "not_enrolled", "device " + origin + " is not enrolled with this node"), {}, {}};
  if (JsonStr(*device, "status") != "active")
    return {Answer(403, "revoked", "device " + origin + " was revoked by an administrator; its pushes are refused"), {}, {}};
  auto vkey = ParseVerifierKey(JsonStr(*device, "verifier_key"));
  if (!vkey.ok()) return {Answer(500, "internal", "stored device key is malformed"), {}, {}};
  out.key = std::move(*vkey);
  out.via = JsonStr(*device, "via");
  return out;
}

// The pull's sections for the active device `origin`, without those whose
// version it holds (§7). Read after any batch of the same request was committed.
Result<nlohmann::json> PullFor(App& app, const std::string& origin, const nlohmann::json& have) {
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto d = SyncDevice(**tx, origin);
  if (!d.ok()) return d.status();
  if (!d->has_value()) return Status::NotFound("no device " + origin);
  auto all = PullSections(**tx, **d);
  if (!all.ok()) return all.status();
  return OmitUnchanged(std::move(*all), have);
}

}  // namespace

Result<nlohmann::json> CreateEnrolment(App& app, const Principal& who, const std::string& department,
                                       bool districts) {
  if (!IsAdmin(who)) return Status::Denied("only an administrator may enrol devices");
  auto cat = app.catalog().Get();
  const domain::Department* dep = cat->tree.Find(department);
  if (!dep) return Status::Invalid("unknown department " + department);
  // A mobile unit's laptop, or a district node under central (§13).
  // Only central has districts below it (a district enrols laptops only).
  const bool district = districts && app.config().role == "central" && dep->kind == domain::DepartmentKind::kDistrict;
  if (dep->kind != domain::DepartmentKind::kMobile && !district)
    return Status::Invalid("only a mobile unit (a laptop) or a district (a district node) can be enrolled");
  if (!cat->tree.InScope(who.user.department, department))
    return Status::Denied("department " + department + " is outside your scope");
  if (dep->closed()) return Status::Invalid("department " + department + " is closed: it takes no new devices");
  std::string code = NewEnrolmentCode();
  std::string id = NewUuid();
  std::string suffix = HexEncode(RandomBytes(2));
  std::string origin = LowerAscii(department) + "-" + suffix;
  std::string series = department + "-" + UpperAscii(suffix);
  int64_t now = app.clock().NowMillis();
  std::string expires = FormatRfc3339Millis(now + int64_t{app.config().enrolment_ttl_seconds} * 1000);
  std::string actor = who.user.id;
  auto r = app.writer().Run([=](WriteContext& ctx) -> Result<nlohmann::json> {
    // One writing node per series: refuse while an active device holds it.
    auto devices = Records(ctx.tx(), "device");
    if (!devices.ok()) return devices.status();
    // One active laptop per mobile unit (each laptop has its own series).
    for (const auto& d : *devices)
      if (JsonStr(d, "department") == department && JsonStr(d, "status") == "active")
        return Status::Conflict("department " + department + " already has an active device (" + JsonStr(d, "origin") +
                                "); revoke it first");
    journal::NewEntry e;
    e.kind = "sync.enrolment_created";
    e.subject = id;
    e.actor = actor;
    e.at_ms = ctx.now_ms();
    e.data = {{"origin", origin}, {"department", department}, {"series", series}, {"expires_at", expires}};
    if (district) e.data["role"] = "district";
    e.payload = nlohmann::json{{"code_hash", CodeHash(code)}};
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    return nlohmann::json::object();
  });
  if (!r.ok()) return r.status();
  return nlohmann::json{{"id", id},         {"code", code},     {"origin", origin},
                        {"department", department}, {"series", series}, {"expires_at", expires}};
}

Result<nlohmann::json> ListDevices(App& app, const Principal& who) {
  if (!IsAdmin(who)) return Status::Denied("only an administrator may list devices");
  auto cat = app.catalog().Get();
  auto in_scope = [&](const nlohmann::json& rec) { return cat->tree.InScope(who.user.department, JsonStr(rec, "department")); };
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto devices = Records(**tx, "device");
  if (!devices.ok()) return devices.status();
  auto enrolments = Records(**tx, "enrolment");
  if (!enrolments.ok()) return enrolments.status();
  auto alerts = Records(**tx, "alert");
  if (!alerts.ok()) return alerts.status();
  nlohmann::json out = {{"devices", nlohmann::json::array()}, {"enrolments", nlohmann::json::array()},
                        {"alerts", nlohmann::json::array()}};
  for (auto& d : *devices) {
    if (!in_scope(d)) continue;
    d.erase("frontier");
    auto last = (*tx)->LastSeq(JsonStr(d, "origin"));
    if (last.ok()) d["entries"] = *last;
    out["devices"].push_back(d);
  }
  for (auto& e : *enrolments) {
    if (!in_scope(e)) continue;
    e.erase("code_hash");
    out["enrolments"].push_back(e);
  }
  for (auto it = alerts->rbegin(); it != alerts->rend(); ++it)  // newest first
    if (in_scope(*it)) out["alerts"].push_back(*it);
  return out;
}

Status RevokeDevice(App& app, const Principal& who, const std::string& origin, const std::string& reason) {
  if (!IsAdmin(who)) return Status::Denied("only an administrator may revoke devices");
  std::string actor = who.user.id;
  auto cat = app.catalog().Get();
  auto r = app.writer().Run([=](WriteContext& ctx) -> Result<nlohmann::json> {
    auto d = SyncDevice(ctx.tx(), origin);
    if (!d.ok()) return d.status();
    // Another subtree's device is answered as unknown, like a missing one.
    if (!d->has_value() || !cat->tree.InScope(who.user.department, JsonStr(**d, "department")))
      return Status::NotFound("no device " + origin);
    if (JsonStr(**d, "status") == "revoked") return Status::Conflict("device " + origin + " is already revoked");
    journal::NewEntry e;
    e.kind = "sync.device_revoked";
    e.subject = origin;
    e.actor = actor;
    e.at_ms = ctx.now_ms();
    e.data = {{"origin", origin}};
    if (!reason.empty()) e.payload = nlohmann::json{{"reason", reason}};
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    return nlohmann::json::object();
  });
  return r.status();
}

SyncAnswer RedeemEnrolment(App& app, const std::string& body) {
  auto req = nlohmann::json::parse(body, nullptr, false);
  if (req.is_discarded() || !req.is_object()) return Answer(400, "bad_request", "JSON object expected");
  std::string code = JsonStr(req, "code");
  auto pub = Base64Decode(JsonStr(req, "public_key"));
  if (code.empty() || !pub.ok() || pub->size() != 32)
    return Answer(400, "bad_request", "code and public_key (base64 of 32 bytes) are required");
  Ed25519PublicKey pk;
  std::copy(pub->begin(), pub->end(), pk.begin());
  std::string hash = CodeHash(code);
  auto r = app.writer().Run([=, &app](WriteContext& ctx) -> Result<nlohmann::json> {
    auto enrolments = Records(ctx.tx(), "enrolment");
    if (!enrolments.ok()) return enrolments.status();
    const nlohmann::json* found = nullptr;
    for (const auto& e : *enrolments) {
      std::string h = JsonStr(e, "code_hash");
      if (h.size() == hash.size() && Sha256(h) == Sha256(hash)) found = &e;  // compares digests, not secrets
    }
    if (!found) return nlohmann::json{{"refused", "unknown"}, {"message", "unknown enrolment code"}};
    if (!JsonStr(*found, "used_at").empty())
      return nlohmann::json{{"refused", "used"}, {"message", "this enrolment code was already used"}};
    auto exp = ParseRfc3339(JsonStr(*found, "expires_at"));
    if (!exp.ok() || *exp <= ctx.now_ms())
      return nlohmann::json{{"refused", "expired"}, {"message", "this enrolment code has expired; ask for a new one"}};
    std::string origin = JsonStr(*found, "origin");
    std::string vkey = EncodeVerifierKey("sabt/" + origin, pk);
    journal::NewEntry e;
    e.kind = "sync.device_enrolled";
    e.subject = origin;
    e.actor = "system";
    e.at_ms = ctx.now_ms();
    e.data = {{"origin", origin},
              {"department", JsonStr(*found, "department")},
              {"series", JsonStr(*found, "series")},
              {"verifier_key", vkey},
              {"enrolment", JsonStr(*found, "id")}};
    const std::string role = JsonStr(*found, "role");
    if (!role.empty()) e.data["role"] = role;
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    return nlohmann::json{{"origin", origin},
                          {"department", JsonStr(*found, "department")},
                          {"series", JsonStr(*found, "series")},
                          {"verifier_key", vkey},
                          {"role", role.empty() ? std::string("field") : role},
                          {"parent_origin", app.config().origin},
                          {"parent_key", app.key() ? app.key()->VerifierKey() : std::string()}};
  });
  if (!r.ok()) return Answer(500, "internal", "internal error");
  if (r->contains("refused")) return Answer(403, JsonStr(*r, "refused"), JsonStr(*r, "message"));
  SyncAnswer a;
  a.body = *r;
  return a;
}

SyncAnswer AcceptBatch(App& app, std::string_view compressed) {
  auto raw = ZstdDecompress(compressed, kMaxBatchRaw);
  if (!raw.ok()) return Answer(400, "bad_request", raw.status().message());
  auto batch = nlohmann::json::parse(*raw, nullptr, false);
  if (batch.is_discarded() || !batch.is_object() || batch.value("v", 0) != 1)
    return Answer(400, "bad_request", "not a v1 sync batch");
  std::string origin = JsonStr(batch, "origin");
  int64_t from_seq = batch.value("from_seq", int64_t{0});
  const auto& items = batch.value("entries", nlohmann::json::array());
  std::string note = JsonStr(batch, "checkpoint");
  if (origin.empty() || from_seq < 1 || !items.is_array() || note.empty())
    return Answer(400, "bad_request", "origin, from_seq >= 1, entries and checkpoint are required");

  // A batch a district forwards for one of its laptops (§13): the district
  // signs that it forwards exactly this checkpoint of this laptop.
  const std::string via = JsonStr(batch, "via");
  if (!via.empty()) {
    auto district = LoadActiveDevice(app, via);
    if (district.refusal) return *district.refusal;
    const int64_t last = from_seq + static_cast<int64_t>(items.size()) - 1;
    const std::string expect = "sabt-sync-forward\n" + via + "\n" + origin + "\n" + std::to_string(from_seq) + "\n" +
                               std::to_string(last) + "\n" + HashHex(Sha256(note)) + "\n";
    auto text = OpenNote(JsonStr(batch, "via_note"), district.key.name, district.key.public_key);
    if (!text.ok() || *text != expect)
      return Answer(403, "bad_signature", "the forwarding note is not signed by the enrolled key of " + via);
  }
  // Signature first (outside the writer): the device key from the projection.
  auto active = LoadActiveDevice(app, origin);
  if (active.refusal) return *active.refusal;
  if (!via.empty() && active.via != via) {
    // A district forwards only the laptops it enrolled: refused whole, and
    // an alert about the district (§13).
    auto r = app.writer().Run([&](WriteContext& ctx) -> Result<nlohmann::json> {
      auto d = SyncDevice(ctx.tx(), via);
      if (!d.ok()) return d.status();
      if (!d->has_value()) return Status::NotFound("no district " + via);
      spdlog::warn("SYNC ALERT: {} forwarded a batch of {}, which it did not enrol", via, origin);
      journal::NewEntry e;
      e.kind = "sync.alert";
      e.subject = via;
      e.actor = "system";
      e.at_ms = ctx.now_ms();
      e.data = {{"origin", via},          {"department", JsonStr(**d, "department")},
                {"from_seq", from_seq},   {"to_seq", from_seq + static_cast<int64_t>(items.size()) - 1},
                {"seq", from_seq},        {"kind", "forward"},
                {"forwarded", origin},    {"reason", "unit"},
                {"received_at", FormatRfc3339Millis(ctx.now_ms())}};
      auto ap = ctx.Record(std::move(e));
      if (!ap.ok()) return ap.status();
      return nlohmann::json::object();
    });
    if (!r.ok()) return Answer(500, "internal", "internal error");
    return Answer(422, "forbidden", "device " + origin + " was not enrolled by " + via +
                                        "; the whole batch is refused and an alert was raised",
                  {{"seq", from_seq}, {"kind", "forward"}, {"reason", "unit"}});
  }
  if (via.empty() && !active.via.empty())
    return Answer(403, "not_enrolled", "device " + origin + " is enrolled at " + active.via + "; it syncs there");
  const auto* vkey = &active.key;
  auto cp = VerifyNote(note, vkey->name, vkey->public_key);
  if (!cp.ok() || cp->origin != vkey->name)
    return Answer(422, "bad_signature", "the checkpoint is not signed by the enrolled key of " + origin);
  // Protocol 2 (§7.1): the pull rides in the push, signed by the device key
  // with a counter; checked, and its counter spent, before the batch.
  const bool pull = batch.contains("pull");
  nlohmann::json have = nlohmann::json::object();
  if (pull) {
    if (!via.empty()) return Answer(400, "bad_request", "a forwarded batch carries no pull");
    if (!batch["pull"].is_string()) return Answer(400, "bad_request", "pull must be a signed note");
    if (auto refusal = AuthorizePull2(app, origin, *vkey, batch["pull"].get<std::string>(), &have)) return *refusal;
  }

  // Parse and check every entry before touching the journal.
  std::vector<ParsedEntry> entries;
  entries.reserve(items.size());
  std::string child_at;
  for (size_t i = 0; i < items.size(); ++i) {
    const auto& it = items[i];
    std::string bytes = JsonStr(it, "entry");
    int64_t want_seq = from_seq + static_cast<int64_t>(i);
    auto j = nlohmann::json::parse(bytes, nullptr, false);
    auto canon = j.is_discarded() ? Result<std::string>(Status::Invalid("x")) : Canonicalize(j);
    auto view = ParseEntry(bytes, want_seq);
    if (!canon.ok() || *canon != bytes || !view.ok())
      return Answer(422, "malformed", "entry seq " + std::to_string(want_seq) + " is not a canonical v1 entry");
    if (view->origin != origin || view->seq != want_seq)
      return Answer(422, "malformed", "entries must be of origin " + origin + " with contiguous seq from " +
                                          std::to_string(from_seq));
    ParsedEntry pe;
    pe.row.origin = origin;
    pe.row.seq = want_seq;
    pe.row.kind = view->kind;
    pe.row.subject = view->subject;
    pe.row.at = view->at;
    pe.row.entry = bytes;
    pe.row.leaf_hash = LeafHash(bytes);
    std::string commitment = JsonStr(j, "payload");
    if (!commitment.empty()) {
      auto salt = Base64Decode(JsonStr(it, "salt"));
      std::string body = JsonStr(it, "payload");
      if (!salt.ok() || salt->size() != 32 || body.empty())
        return Answer(422, "malformed", "entry seq " + std::to_string(want_seq) + " lacks its payload");
      if (HashHex(journal::PayloadCommitment(*salt, body)) != commitment)
        return Answer(422, "malformed", "payload of seq " + std::to_string(want_seq) + " does not match its commitment");
      pe.payload = store::PayloadRow{0, *salt, body};
    } else if (it.contains("payload")) {
      return Answer(422, "malformed", "entry seq " + std::to_string(want_seq) + " has no commitment but a payload");
    }
    if (view->kind == "appeal.attachment_added") {
      pe.attachment_sha = JsonStr(view->data, "sha256");
      if (pe.attachment_sha.size() != 64)
        return Answer(422, "malformed", "attachment entry seq " + std::to_string(want_seq) + " has no sha256");
    }
    child_at = view->at;
    pe.view = std::move(*view);
    entries.push_back(std::move(pe));
  }
  // Files carried inline (the USB bundle): each must match its hash.
  std::vector<store::AttachmentBlob> inline_files;
  for (const auto& f : batch.value("attachments", nlohmann::json::array())) {
    auto bytes = Base64Decode(JsonStr(f, "bytes"));
    if (!bytes.ok()) return Answer(422, "attachment_mismatch", "inline attachment is not base64");
    auto blob = CheckedBlob(JsonStr(f, "sha256"), std::move(*bytes));
    if (!blob.ok()) return Answer(422, "attachment_mismatch", blob.status().message());
    inline_files.push_back(std::move(*blob));
  }
  int64_t to_seq = from_seq + static_cast<int64_t>(entries.size()) - 1;
  if (static_cast<int64_t>(cp->size) != to_seq)
    return Answer(422, "inconsistent", "the checkpoint size must equal the last seq of the batch");

  int64_t now = app.clock().NowMillis();
  int64_t skew_ms = 0;
  // A USB bundle's sent_at is its export time, not a time of the link: no
  // skew is measured on it (docs/sync-protocol.md §9, §11).
  const auto bundle_it = batch.find("bundle");
  const bool bundle = bundle_it != batch.end() && bundle_it->is_boolean() && bundle_it->get<bool>();
  // Nor on a forwarded batch: its sent_at is the district's (§13).
  if (auto sent = ParseRfc3339(JsonStr(batch, "sent_at")); sent.ok() && !bundle && via.empty()) skew_ms = now - *sent;
  bool skew_flagged = std::llabs(skew_ms) > int64_t{app.config().max_skew_minutes} * 60000;
  Hash root = cp->root;
  auto r = app.writer().Run([&, origin](WriteContext& ctx) -> Result<nlohmann::json> {
    auto d = SyncDevice(ctx.tx(), origin);
    if (!d.ok()) return d.status();
    if (!d->has_value() || JsonStr(**d, "status") != "active")
      return nlohmann::json{{"status", 403}, {"error", "revoked"}, {"message", "device " + origin + " is not active"}};
    int64_t acked = (**d).value("acked_seq", int64_t{0});
    if (from_seq > acked + 1)
      return nlohmann::json{{"status", 409}, {"error", "gap"}, {"acked_seq", acked},
                            {"message", "batch starts after a gap; resend from seq " + std::to_string(acked + 1)}};
    // Duplicates must be exactly the stored entries; anything else is a fork.
    for (const auto& pe : entries) {
      if (pe.row.seq > acked) break;
      auto stored = ctx.tx().EntryByOriginSeq(origin, pe.row.seq);
      if (!stored.ok()) return stored.status();
      if (!stored->has_value() || (*stored)->leaf_hash != pe.row.leaf_hash) {
        std::string stored_leaf = stored->has_value() ? HashHex((*stored)->leaf_hash) : std::string();
        spdlog::error("SYNC FORK from {} at seq {}: stored leaf {}, received {}", origin, pe.row.seq, stored_leaf,
                      HashHex(pe.row.leaf_hash));
        journal::NewEntry e;
        e.kind = "sync.fork_detected";
        e.subject = origin;
        e.actor = "system";
        e.at_ms = ctx.now_ms();
        e.data = {{"origin", origin}, {"seq", pe.row.seq}, {"stored_leaf", stored_leaf},
                  {"received_leaf", HashHex(pe.row.leaf_hash)}};
        auto ap = ctx.Record(std::move(e));
        if (!ap.ok()) return ap.status();
        return nlohmann::json{{"status", 409}, {"error", "fork"}, {"acked_seq", acked},
                              {"message", "seq " + std::to_string(pe.row.seq) + " of " + origin +
                                              " differs from the entry already accepted; refused and recorded"}};
      }
    }
    if (to_seq <= acked) return nlohmann::json{{"status", 200}, {"acked_seq", acked}, {"duplicate", true}};
    // What a device may say (§4a): one entry outside it refuses the whole
    // batch; only the alert is written.
    BatchAppeals batch_appeals;
    for (const auto& pe : entries) {
      if (pe.row.seq <= acked) continue;
      auto refusal = CheckFromDevice(ctx.tx(), **d, pe.view, &batch_appeals);
      if (!refusal.ok()) return refusal.status();
      if (refusal->has_value()) {
        const domain::DeviceRefusal& why = **refusal;
        spdlog::warn("SYNC ALERT: batch of {} refused at seq {} ({}): {}", origin, pe.row.seq, pe.row.kind, why.code);
        journal::NewEntry e;
        e.kind = "sync.alert";
        e.subject = origin;
        e.actor = "system";
        e.at_ms = ctx.now_ms();
        e.data = {{"origin", origin},          {"department", JsonStr(**d, "department")},
                  {"from_seq", acked + 1},     {"to_seq", to_seq},
                  {"seq", pe.row.seq},         {"kind", pe.row.kind},
                  {"leaf", HashHex(pe.row.leaf_hash)}, {"reason", why.code},
                  {"received_at", FormatRfc3339Millis(ctx.now_ms())}};
        auto ap = ctx.Record(std::move(e));
        if (!ap.ok()) return ap.status();
        return nlohmann::json{{"status", 422}, {"error", "forbidden"}, {"seq", pe.row.seq}, {"kind", pe.row.kind},
                              {"reason", why.code}, {"acked_seq", acked},
                              {"message", "seq " + std::to_string(pe.row.seq) + ": " + why.message +
                                              "; the whole batch is refused and an alert was raised"}};
      }
      NoteInBatch(pe.view, origin, &batch_appeals);
    }
    // Every new attachment entry needs its file here (sent before, or inline).
    for (const auto& blob : inline_files) SABT_RETURN_IF_ERROR(ctx.tx().PutAttachmentBlob(blob));
    nlohmann::json missing = nlohmann::json::array();
    for (const auto& pe : entries) {
      if (pe.row.seq <= acked || pe.attachment_sha.empty()) continue;
      auto have = ctx.tx().AttachmentData(pe.attachment_sha);
      if (!have.ok()) return have.status();
      if (!have->has_value()) missing.push_back(pe.attachment_sha);
    }
    if (!missing.empty())
      return nlohmann::json{{"status", 422}, {"error", "attachment_missing"}, {"missing", missing}, {"acked_seq", acked},
                            {"message", std::to_string(missing.size()) + " attached file(s) of this batch must be sent first"}};
    // The new entries extend the child's tree as accepted so far: the result
    // must be exactly the signed checkpoint.
    CompactRange range;
    std::string frontier_hex = JsonStr(**d, "frontier");
    if (!frontier_hex.empty()) {
      auto bytes = HexDecode(frontier_hex);
      if (!bytes.ok()) return Status::Corruption("device frontier is not hex");
      auto fr = CompactRange::Deserialize(*bytes);
      if (!fr.ok()) return fr.status();
      range = std::move(*fr);
    }
    if (static_cast<int64_t>(range.size()) != acked) return Status::Corruption("device frontier does not match its ack");
    for (const auto& pe : entries)
      if (pe.row.seq > acked) range.Append(pe.row.leaf_hash, nullptr);
    if (range.Root() != root)
      return nlohmann::json{{"status", 422}, {"error", "inconsistent"},
                            {"message", "the entries do not extend the last accepted checkpoint to the signed one"}};
    for (const auto& pe : entries) {
      if (pe.row.seq <= acked) continue;
      auto ap = ctx.RecordForeign(pe.row, pe.payload ? &*pe.payload : nullptr);
      if (!ap.ok()) return ap.status();
    }
    journal::NewEntry e;
    e.kind = "sync.batch_accepted";
    e.subject = origin;
    e.actor = "system";
    e.at_ms = ctx.now_ms();
    e.data = {{"origin", origin},
              {"from_seq", acked + 1},
              {"to_seq", to_seq},
              {"size", to_seq},
              {"root", HashHex(root)},
              {"frontier", HexEncode(range.Serialize())},
              {"received_at", FormatRfc3339Millis(ctx.now_ms())},
              {"child_at", child_at},
              {"skew_ms", skew_ms},
              {"skew_flagged", skew_flagged}};
    if (bundle) e.data["bundle"] = true;
    e.data["checkpoint"] = note;
    if (!via.empty()) e.data["via"] = via;
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    return nlohmann::json{{"status", 200}, {"acked_seq", to_seq}};
  });
  if (!r.ok()) {
    spdlog::error("sync batch from {} failed: {}", origin, r.status().ToString());
    return Answer(r.status().code() == Code::kInvalid ? 422 : 500, "refused", r.status().message());
  }
  SyncAnswer a;
  a.http_status = (*r)["status"].get<int>();
  a.body = *r;
  a.body.erase("status");
  if (a.http_status == 200) {
    (void)app.CheckpointNow();
    auto note_now = LatestCheckpointNote(app);
    a.body["checkpoint"] = note_now.ok() ? *note_now : std::string();
    a.body["received_at"] = FormatRfc3339Millis(now);
    a.body["skew_ms"] = skew_ms;
    if (pull) {
      // Read after the batch's commit: the statuses include its steps.
      auto sections = PullFor(app, origin, have);
      if (!sections.ok()) {
        spdlog::error("sync pull of {} failed: {}", origin, sections.status().ToString());
        return Answer(500, "internal", "internal error");
      }
      a.body["pull"] = std::move(*sections);
      a.zstd = true;
    }
  }
  return a;
}

SyncAnswer AcceptAttachment(App& app, const std::string& origin, const std::string& sha256,
                            const std::string& note_b64, std::string bytes) {
  auto active = LoadActiveDevice(app, origin);
  if (active.refusal) return *active.refusal;
  const auto* vkey = &active.key;
  auto note = Base64Decode(note_b64);
  auto text = note.ok() ? OpenNote(*note, vkey->name, vkey->public_key) : Result<std::string>(Status::Invalid("x"));
  if (!text.ok() || *text != "sabt-sync-attachment\n" + origin + "\n" + sha256 + "\n")
    return Answer(403, "bad_signature", "attachment upload not signed by the device");
  auto blob = CheckedBlob(sha256, std::move(bytes));
  if (!blob.ok()) return Answer(422, "attachment_mismatch", blob.status().message());
  auto shared = std::make_shared<store::AttachmentBlob>(std::move(*blob));
  auto r = app.writer().Run([shared](WriteContext& ctx) -> Result<nlohmann::json> {
    SABT_RETURN_IF_ERROR(ctx.tx().PutAttachmentBlob(*shared));
    return nlohmann::json::object();
  });
  if (!r.ok()) return Answer(500, "internal", "internal error");
  SyncAnswer a;
  a.body = {{"sha256", shared->sha256}, {"size", shared->size}};
  return a;
}

std::string NewPullChallenge(App& app) { return ProcessPullChallenges().Issue(app.clock().NowMillis()); }

SyncAnswer AnswerPull(App& app, const std::string& body) {
  auto req = nlohmann::json::parse(body, nullptr, false);
  if (req.is_discarded() || !req.is_object()) return Answer(400, "bad_request", "JSON object expected");
  std::string origin = JsonStr(req, "origin"), note = JsonStr(req, "note");
  auto active = LoadActiveDevice(app, origin);
  if (active.refusal) return *active.refusal;
  if (!active.via.empty())
    return Answer(403, "not_enrolled", "device " + origin + " is enrolled at " + active.via + "; it syncs there");
  const VerifierKey& vkey = active.key;
  auto text = OpenNote(note, vkey.name, vkey.public_key);
  if (!text.ok()) return Answer(403, "bad_signature", "pull request not signed by the device");
  nlohmann::json have = nlohmann::json::object();
  if (text->rfind(kPullV2Prefix, 0) == 0) {
    // Protocol 2 (§7.1): a counter instead of a challenge.
    if (auto refusal = AuthorizePull2(app, origin, vkey, note, &have)) return *refusal;
  } else {
    // Protocol 1 (§7.2): the parent's challenge.
    std::string prefix = "sabt-sync-pull\n" + origin + "\n";
    if (text->rfind(prefix, 0) != 0) return Answer(403, "bad_signature", "pull request not signed by the device");
    std::string challenge = text->substr(prefix.size());
    if (!challenge.empty() && challenge.back() == '\n') challenge.pop_back();
    // Stateless challenge: checked from its own bytes, remembered only now that the device signed it.
    switch (ProcessPullChallenges().Redeem(origin, challenge, app.clock().NowMillis())) {
      case PullChallenges::Redeemed::kOk: break;
      case PullChallenges::Redeemed::kTooMany: return Answer(429, "too_many_pulls", "too many pulls in 5 minutes");
      default: return Answer(403, "bad_challenge", "unknown, used or expired challenge");
    }
  }
  auto sections = PullFor(app, origin, have);
  if (!sections.ok()) return Answer(500, "internal", "internal error");
  SyncAnswer a;
  a.body = std::move(*sections);
  a.zstd = true;
  return a;
}

}  // namespace sabt::app
