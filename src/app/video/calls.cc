#include "app/video/calls.h"

#include "app/video/meetings.h"
#include "domain/role.h"
#include "domain/video.h"
#include "store/video_tx.h"
#include "util/clock.h"
#include "util/random.h"

namespace sabt::app::video {
namespace {

constexpr int64_t kRingMs = 15 * 60 * 1000;

// The district above a mobile unit, or "".
std::string DistrictOf(const App& app, const std::string& unit) {
  auto snap = app.catalog().Get();
  const auto* d = snap->tree.Find(unit);
  if (!d || d->kind != domain::DepartmentKind::kMobile) return {};
  const auto* p = snap->tree.Find(d->parent);
  return p && p->kind == domain::DepartmentKind::kDistrict ? p->code : std::string();
}

}  // namespace

bool MayStartCall(const App& app, const Principal& who) {
  return who.role == domain::Role::kMobileOfficer && !DistrictOf(app, who.user.department).empty();
}

CallOutcome StartCall(App& app, const Principal& who, const std::string& record) {
  CallOutcome o;
  if (!MayStartCall(app, who)) {
    o.reply = Status::Denied("only a mobile unit's officer calls the district");
    return o;
  }
  std::string district = DistrictOf(app, who.user.department);
  nlohmann::json link;
  if (!record.empty()) {
    // The record must exist and lie in the caller's scope (the unit's subtree).
    auto tx = app.store().Read();
    if (!tx.ok()) {
      o.reply = tx.status();
      return o;
    }
    const auto& tree = app.catalog().Get()->tree;
    auto a = (*tx)->AppealByNumber(record);
    if (!a.ok()) {
      o.reply = a.status();
      return o;
    }
    if (a->has_value() && tree.InScope(who.user.department, (*a)->department)) {
      link = {{"kind", "appeal"}, {"id", (*a)->id}, {"number", (*a)->number}};
    } else {
      store::CrimeQuery q;
      q.number = record;
      q.departments = tree.Subtree(who.user.department);
      q.limit = 1;
      auto c = (*tx)->CrimeRecords(q);
      if (c.ok() && !c->empty()) link = {{"kind", "crime"}, {"id", c->front().id}, {"number", c->front().number}};
    }
    if (link.is_null()) {
      o.problems.push_back({"record", "unknown_record"});
      o.reply = Status::Invalid("invalid input");
      return o;
    }
  }
  std::string id = NewUuid(), actor = who.user.id, unit = who.user.department;
  int64_t room = domain::video::RoomNumber(id);
  o.reply = app.writer().Run([=](WriteContext& ctx) -> Result<nlohmann::json> {
    journal::NewEntry e;
    e.kind = "video.meeting_scheduled";
    e.subject = id;
    e.actor = actor;
    e.at_ms = ctx.now_ms();
    e.data = {{"kind", "call"},
              {"unit", unit},
              {"starts_at", FormatRfc3339Millis(ctx.now_ms())},
              {"room", room},
              {"profile", "low"},
              {"invited_users", nlohmann::json::array({actor})},
              {"invited_departments", nlohmann::json::array({district})}};
    if (!link.is_null()) e.data["link"] = link;
    e.payload = nlohmann::json{{"title", ""}};
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    return nlohmann::json{{"id", id}};
  });
  return o;
}

Result<std::vector<store::VideoMeetingRow>> IncomingCalls(App& app, const Principal& who) {
  auto all = ListMeetings(app, who);
  if (!all.ok()) return all.status();
  int64_t now = app.clock().NowMillis();
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto v = store::VideoReadsOf(**tx);
  if (!v.ok()) return v.status();
  std::vector<store::VideoMeetingRow> out;
  for (auto& m : *all) {
    if (m.kind != "call" || !m.ended_at.empty() || m.organiser == who.user.id) continue;
    auto at = ParseRfc3339(m.starts_at);
    if (!at.ok() || now - *at > kRingMs) continue;
    auto att = (*v)->VideoAttendance(m.id);
    if (!att.ok()) return att.status();
    bool answered = false;
    for (const auto& a : *att)
      if (a.user_id != m.organiser) answered = true;
    if (!answered) out.push_back(std::move(m));
  }
  return out;
}

}  // namespace sabt::app::video
