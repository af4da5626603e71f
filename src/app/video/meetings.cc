#include "app/video/meetings.h"

#include <spdlog/spdlog.h>

#include <sstream>

#include "app/video/janus_admin.h"
#include "app/video/recordings.h"
#include "store/video_tx.h"
#include "util/clock.h"
#include "util/random.h"

namespace sabt::app::video {
namespace {

std::vector<std::string> Strings(const std::string& json_text) {
  std::vector<std::string> out;
  auto j = nlohmann::json::parse(json_text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& x : j)
    if (x.is_string()) out.push_back(x.get<std::string>());
  return out;
}

std::vector<std::string> SplitNames(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char ch : s + " ") {
    if (ch == ',' || ch == ' ' || ch == ';' || ch == '\n' || ch == '\r' || ch == '\t') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += ch;
    }
  }
  return out;
}

bool MayJoin(App& app, const Principal& who, const store::VideoMeetingRow& m) {
  return domain::video::MayJoinMeeting(AccessOf(m), who.user.id, who.user.department, app.catalog().Get()->tree);
}

// The meeting when the caller may join it; kNotFound otherwise (an
// outsider learns nothing about which meetings exist).
Result<store::VideoMeetingRow> Visible(App& app, const Principal& who, const std::string& id) {
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto v = store::VideoReadsOf(**tx);
  if (!v.ok()) return v.status();
  auto m = (*v)->VideoMeeting(id);
  if (!m.ok()) return m.status();
  if (!m->has_value() || !MayJoin(app, who, **m)) return Status::NotFound("no such meeting");
  return **m;
}

int64_t Seconds(const std::string& from_rfc3339, int64_t to_ms) {
  auto from = ParseRfc3339(from_rfc3339);
  if (!from.ok() || to_ms < *from) return 0;
  return (to_ms - *from) / 1000;
}

}  // namespace

domain::video::MeetingAccess AccessOf(const store::VideoMeetingRow& m) {
  domain::video::MeetingAccess a;
  a.organiser = m.organiser;
  a.unit = m.unit;
  a.invited_users = Strings(m.invited_users);
  a.invited_departments = Strings(m.invited_departments);
  return a;
}

bool MaySchedule(const Principal& who) { return domain::video::MayScheduleMeeting(who.role); }

bool MayRecord(const Principal& who) {
  return domain::video::MayRecordMeeting(who.role, !NodeVideoConfig().recordings_dir.empty());
}

ScheduleOutcome ScheduleMeeting(App& app, const Principal& who, const MeetingForm& form) {
  ScheduleOutcome o;
  if (!MaySchedule(who)) {
    o.reply = Status::Denied("this role may not schedule meetings");
    return o;
  }
  domain::video::MeetingInput in{form.title, form.starts_at, form.departments, SplitNames(form.usernames),
                                 form.profile};
  auto checked = domain::video::ValidateMeeting(in, app.catalog().Get()->tree);
  if (auto* p = std::get_if<domain::Problems>(&checked)) o.problems = *p;
  if (form.recorded && !MayRecord(who)) o.problems.push_back({"recorded", "not_configured"});
  // Invited users by username; an unknown or disabled one is a problem.
  std::vector<std::string> user_ids;
  {
    auto tx = app.store().Read();
    if (!tx.ok()) {
      o.reply = tx.status();
      return o;
    }
    for (const auto& name : in.invited_usernames) {
      auto u = (*tx)->UserByUsername(name);
      if (!u.ok()) {
        o.reply = u.status();
        return o;
      }
      if (!u->has_value() || (*u)->disabled) {
        o.problems.push_back({"users", "unknown_user"});
        break;
      }
      if (std::find(user_ids.begin(), user_ids.end(), (*u)->id) == user_ids.end()) user_ids.push_back((*u)->id);
    }
  }
  if (!o.problems.empty()) {
    o.reply = Status::Invalid("invalid input");
    return o;
  }
  auto v = std::get<domain::video::ValidMeeting>(checked);
  std::string id = NewUuid(), actor = who.user.id, unit = who.user.department;
  int64_t room = domain::video::RoomNumber(id);
  bool recorded = form.recorded;
  o.reply = app.writer().Run([=](WriteContext& ctx) -> Result<nlohmann::json> {
    journal::NewEntry e;
    e.kind = "video.meeting_scheduled";
    e.subject = id;
    e.actor = actor;
    e.at_ms = ctx.now_ms();
    e.data = {{"kind", "meeting"},
              {"unit", unit},
              {"starts_at", FormatRfc3339Millis(v.starts_at_ms)},
              {"room", room},
              {"profile", v.profile},
              {"invited_users", user_ids},
              {"invited_departments", v.invited_departments}};
    if (recorded) e.data["recorded"] = true;
    e.payload = nlohmann::json{{"title", v.title}};
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    return nlohmann::json{{"id", id}};
  });
  return o;
}

Result<std::vector<store::VideoMeetingRow>> ListMeetings(App& app, const Principal& who) {
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto v = store::VideoReadsOf(**tx);
  if (!v.ok()) return v.status();
  auto all = (*v)->VideoMeetings(200);
  if (!all.ok()) return all.status();
  std::vector<store::VideoMeetingRow> out;
  for (auto& m : *all)
    if (MayJoin(app, who, m)) out.push_back(std::move(m));
  return out;
}

Result<MeetingDetail> GetMeeting(App& app, const Principal& who, const std::string& id) {
  auto m = Visible(app, who, id);
  if (!m.ok()) return m.status();
  MeetingDetail d;
  d.meeting = *m;
  auto access = AccessOf(*m);
  d.invited_departments = access.invited_departments;
  d.may_end = m->ended_at.empty() &&
              domain::video::MayEndMeeting(access, who.user.id, who.role, who.user.department,
                                           app.catalog().Get()->tree);
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto name = [&](const std::string& user_id) -> std::string {
    auto u = (*tx)->UserById(user_id);
    if (u.ok() && u->has_value()) return (*u)->display_name;
    return user_id;
  };
  for (const auto& u : access.invited_users) d.invited_users.push_back(name(u));
  auto v = store::VideoReadsOf(**tx);
  if (!v.ok()) return v.status();
  auto att = (*v)->VideoAttendance(id);
  if (!att.ok()) return att.status();
  d.attendance = *att;
  for (const auto& a : d.attendance) d.attendance_names.push_back(name(a.user_id));
  return d;
}

Result<nlohmann::json> JoinMeeting(App& app, const Principal& who, const std::string& id) {
  const VideoConfig& cfg = NodeVideoConfig();
  if (!cfg.configured()) return Status::Unavailable("video server not configured");
  auto m = Visible(app, who, id);
  if (!m.ok()) return m.status();
  if (!m->ended_at.empty()) return Status::Conflict("meeting_ended");
  bool low = m->profile == "low";
  int64_t bitrate = low ? cfg.low_bitrate_bps : 1024000;
  JanusAdmin janus(cfg);
  // A recorded meeting on a node whose recordings_dir was removed since is
  // refused rather than held unrecorded: everyone was told it is recorded.
  if (m->recorded && cfg.recordings_dir.empty()) return Status::Unavailable("recordings_dir not configured");
  std::string rec_dir = m->recorded ? cfg.recordings_dir + "/" + m->id : std::string();
  SABT_RETURN_IF_ERROR(janus.EnsureRoom(m->room, "sabt " + m->id, bitrate, rec_dir));
  int64_t now_s = app.clock().NowMillis() / 1000;
  int64_t expiry = now_s + cfg.token_ttl_seconds;
  std::string token = domain::video::MakeJanusSessionToken(cfg.token_secret, expiry);
  std::string room_token = domain::video::MakeJanusRoomToken(cfg.token_secret, expiry, m->room, who.user.id);
  SABT_RETURN_IF_ERROR(janus.AllowToken(m->room, room_token));
  nlohmann::json ice = nlohmann::json::array();
  if (!cfg.turn_urls.empty()) {
    auto cred = domain::video::MakeTurnCredential(cfg.turn_secret, now_s + cfg.turn_ttl_seconds, who.user.id);
    ice.push_back({{"urls", cfg.turn_urls}, {"username", cred.username}, {"credential", cred.credential}});
  }
  return nlohmann::json{{"janus_url", cfg.janus_ws_url},
                        {"room", m->room},
                        {"token", token},
                        {"room_token", room_token},
                        {"display", who.user.display_name},
                        {"ice_servers", ice},
                        {"profile", m->profile},
                        {"bitrate_cap", low ? cfg.low_bitrate_bps : 0}};
}

Status EndMeeting(App& app, const Principal& who, const std::string& id) {
  const VideoConfig& cfg = NodeVideoConfig();
  auto m = Visible(app, who, id);
  if (!m.ok()) {
    // The organiser's head may end a meeting they are not invited to.
    auto tx = app.store().Read();
    if (!tx.ok()) return tx.status();
    auto v = store::VideoReadsOf(**tx);
    if (!v.ok()) return v.status();
    auto row = (*v)->VideoMeeting(id);
    if (!row.ok()) return row.status();
    if (!row->has_value()) return m.status();
    m = **row;
  }
  if (!domain::video::MayEndMeeting(AccessOf(*m), who.user.id, who.role, who.user.department,
                                    app.catalog().Get()->tree))
    return Status::NotFound("no such meeting");
  std::string actor = who.user.id;
  auto r = app.writer().Run([=](WriteContext& ctx) -> Result<nlohmann::json> {
    auto v = store::VideoReadsOf(ctx.tx());
    if (!v.ok()) return v.status();
    auto cur = (*v)->VideoMeeting(id);
    if (!cur.ok()) return cur.status();
    if (!cur->has_value()) return Status::NotFound("no such meeting");
    if (!(*cur)->ended_at.empty()) return Status::Conflict("meeting_ended");
    auto att = (*v)->VideoAttendance(id);
    if (!att.ok()) return att.status();
    std::vector<std::string> users;
    for (const auto& a : *att) {
      if (std::find(users.begin(), users.end(), a.user_id) == users.end()) users.push_back(a.user_id);
      if (!a.left_at.empty()) continue;
      journal::NewEntry e;
      e.kind = "video.left";
      e.subject = id;
      e.actor = a.user_id;
      e.at_ms = ctx.now_ms();
      e.data = {{"participant", a.participant}, {"joined_at", a.joined_at},
                {"seconds", Seconds(a.joined_at, ctx.now_ms())}, {"reason", "meeting_ended"}};
      auto ap = ctx.Record(std::move(e));
      if (!ap.ok()) return ap.status();
    }
    journal::NewEntry e;
    e.kind = "video.meeting_ended";
    e.subject = id;
    e.actor = actor;
    e.at_ms = ctx.now_ms();
    std::string started = (*cur)->started_at;
    e.data = {{"started_at", started},
              {"seconds", started.empty() ? 0 : Seconds(started, ctx.now_ms())},
              {"participants", static_cast<int64_t>(users.size())}};
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    return nlohmann::json::object();
  });
  if (!r.ok()) return r.status();
  // After the commit: the record stands even when Janus is down; a room left
  // behind has no allowed tokens that are still valid after token_ttl.
  if (cfg.configured()) {
    if (m->recorded) {
      // Janus closes the recorders before it answers, so the files are
      // complete when they are hashed below.
      Status st = JanusAdmin(cfg).StopRecording(m->room);
      if (!st.ok()) spdlog::warn("video: recording of room {} not stopped: {}", m->room, st.ToString());
    }
    Status st = JanusAdmin(cfg).DestroyRoom(m->room);
    if (!st.ok()) spdlog::warn("video: room {} of ended meeting {} not destroyed: {}", m->room, id, st.ToString());
  }
  if (m->recorded) {
    auto n = HashMeetingRecordings(app, cfg.recordings_dir, id, actor);
    if (!n.ok()) spdlog::error("video: recordings of meeting {} not hashed: {}", id, n.status().ToString());
    else spdlog::info("video: meeting {} ended, {} recording file(s) hashed into the journal", id, *n);
  }
  return Status::Ok();
}

}  // namespace sabt::app::video
