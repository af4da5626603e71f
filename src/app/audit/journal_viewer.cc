#include "app/audit/journal_viewer.h"

#include <map>

#include "domain/role.h"
#include "util/clock.h"
#include "util/text.h"

namespace sabt::app {
namespace {

constexpr int64_t kDayMs = 86400000;
constexpr int64_t kDushanbeOffsetMs = 5 * 3600000;  // UTC+5, no daylight saving

// The first instant of a Dushanbe calendar day, as the journal writes times.
std::string DayStartUtc(int64_t day) { return FormatRfc3339Millis(day * kDayMs - kDushanbeOffsetMs); }

}  // namespace

Result<JournalView> ViewJournal(App& app, const Principal& who, const JournalQuery& q) {
  if (!domain::Allows(who.role, domain::Action::kReadEntryHeaders)) return Status::Denied("auditors only");
  JournalView out;
  store::JournalFilter f;
  f.limit = kJournalPageSize + 1;
  f.before_idx = q.before > 0 ? q.before : 0;
  if (q.access_only) f.kind = "audit.viewed";
  std::string why = CleanField(q.reason);
  if (why.empty()) out.problems.push_back({"reason", "required"});
  else if (Utf8Length(why) < 5) out.problems.push_back({"reason", "too_short"});
  int64_t from_day = 0, to_day = 0;
  if (!q.from_date.empty()) {
    auto d = ParseDate(q.from_date);
    if (!d.ok()) out.problems.push_back({"from", "invalid_date"});
    else from_day = *d, f.from_at = DayStartUtc(*d);
  }
  if (!q.to_date.empty()) {
    auto d = ParseDate(q.to_date);
    if (!d.ok()) out.problems.push_back({"to", "invalid_date"});
    else to_day = *d, f.to_at = DayStartUtc(*d + 1);
  }
  if (!f.from_at.empty() && !f.to_at.empty() && to_day < from_day) out.problems.push_back({"to", "before_from"});

  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto users = (*tx)->Users();
  if (!users.ok()) return users.status();
  std::map<std::string, std::string> names;
  for (const auto& u : *users) {
    names[u.id] = u.username;
    if (!q.username.empty() && u.username == CleanField(q.username)) f.actor = u.id;
  }
  if (!q.username.empty() && f.actor.empty()) out.problems.push_back({"user", "unknown_user"});
  std::string record = CleanField(q.record);
  if (!record.empty()) {
    f.subject = record;
    auto a = (*tx)->AppealByNumber(record);
    if (a.ok() && a->has_value()) f.subject = (*a)->id;
  }
  if (!out.problems.empty()) return out;

  auto hits = (*tx)->SearchJournal(f);
  if (!hits.ok()) return hits.status();
  tx->reset();
  if (static_cast<int64_t>(hits->size()) > kJournalPageSize) {
    hits->resize(kJournalPageSize);
    out.next_before = hits->back().idx;
  }
  for (const auto& h : *hits) {
    JournalViewRow r;
    r.idx = h.idx;
    r.at = h.at;
    r.kind = h.kind;
    r.subject = h.subject;
    auto e = nlohmann::json::parse(h.entry, nullptr, false);
    if (e.is_object() && e.contains("actor") && e["actor"].is_string()) r.actor = e["actor"].get<std::string>();
    auto n = names.find(r.actor);
    r.actor_name = n != names.end() ? n->second : r.actor;  // system, public
    if (h.kind == "audit.viewed") {
      if (e.is_object() && e.contains("data") && e["data"].is_object() && e["data"].contains("record") &&
          e["data"]["record"].is_string())
        r.record_kind = e["data"]["record"].get<std::string>();
      auto p = nlohmann::json::parse(h.payload, nullptr, false);
      if (h.has_payload && p.is_object() && p.contains("reason") && p["reason"].is_string())
        r.reason = p["reason"].get<std::string>();
      r.erased = !h.has_payload;
    }
    out.rows.push_back(std::move(r));
  }

  // No audit entry, no page.
  nlohmann::json filter = {{"user", CleanField(q.username)}, {"from", q.from_date}, {"to", q.to_date},
                           {"record", record}, {"access_only", q.access_only}, {"before", f.before_idx}};
  auto w = app.writer().Run([actor = who.user.id, filter, why](WriteContext& ctx) -> Result<nlohmann::json> {
    journal::NewEntry e;
    e.kind = "audit.viewed";
    e.subject = "journal";
    e.actor = actor;
    e.at_ms = ctx.now_ms();
    e.data = {{"record", "journal_search"}, {"filter", filter}};
    e.payload = nlohmann::json{{"reason", why}};
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    return nlohmann::json::object();
  });
  if (!w.ok()) return w.status();
  return out;
}

}  // namespace sabt::app
