#include "app/video/janus_events.h"

#include <spdlog/spdlog.h>
#include <sodium.h>

#include "app/video/janus_admin.h"
#include "domain/video.h"
#include "store/video_tx.h"
#include "util/base64.h"
#include "util/clock.h"

namespace sabt::app::video {
namespace {

constexpr int64_t kPluginEvent = 64;  // Janus event type "plugin"

std::string IdText(const nlohmann::json& j) {
  if (j.is_number_integer()) return std::to_string(j.get<int64_t>());
  if (j.is_number_unsigned()) return std::to_string(j.get<uint64_t>());
  if (j.is_string()) return j.get<std::string>();
  return {};
}

int64_t SecondsSince(const std::string& rfc3339, int64_t now_ms) {
  auto from = ParseRfc3339(rfc3339);
  if (!from.ok() || now_ms < *from) return 0;
  return (now_ms - *from) / 1000;
}

Status OnJoined(App& app, const nlohmann::json& data, int64_t janus_ts, EventsOutcome* out) {
  const VideoConfig& cfg = NodeVideoConfig();
  int64_t room = data.value("room", int64_t{0});
  std::string participant = IdText(data.value("id", nlohmann::json()));
  std::string token = data.value("token", std::string());
  auto claims = domain::video::CheckJanusRoomToken(cfg.token_secret, token);
  if (!claims || claims->room != room || participant.empty()) {
    // Janus let it in (a room of another program, or a forged allow-list
    // entry): Sabt does not know who it is, so it leaves.
    ++out->refused;
    spdlog::warn("video: a participant joined room {} without a token Sabt signed; kicking", room);
    if (!participant.empty()) {
      Status st = JanusAdmin(cfg).Kick(room, participant);
      if (!st.ok()) spdlog::warn("video: kick failed: {}", st.ToString());
    }
    return Status::Ok();
  }
  std::string user = claims->user;
  auto r = app.writer().Run([=](WriteContext& ctx) -> Result<nlohmann::json> {
    auto v = store::VideoReadsOf(ctx.tx());
    if (!v.ok()) return v.status();
    auto m = (*v)->VideoMeetingByRoom(room);
    if (!m.ok()) return m.status();
    if (!m->has_value() || !(*m)->ended_at.empty()) return nlohmann::json{{"ignored", true}};
    auto att = (*v)->VideoAttendance((*m)->id);
    if (!att.ok()) return att.status();
    for (const auto& a : *att)
      if (a.participant == participant) return nlohmann::json{{"ignored", true}};  // a repeat
    journal::NewEntry e;
    e.kind = "video.joined";
    e.subject = (*m)->id;
    e.actor = user;
    e.at_ms = ctx.now_ms();
    e.data = {{"participant", participant}, {"at_janus", janus_ts}};
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    return nlohmann::json::object();
  });
  if (!r.ok()) return r.status();
  if (r->contains("ignored")) ++out->ignored;
  else ++out->joined;
  return Status::Ok();
}

Status OnLeft(App& app, const nlohmann::json& data, EventsOutcome* out) {
  int64_t room = data.value("room", int64_t{0});
  std::string participant = IdText(data.value("id", nlohmann::json()));
  auto r = app.writer().Run([=](WriteContext& ctx) -> Result<nlohmann::json> {
    auto v = store::VideoReadsOf(ctx.tx());
    if (!v.ok()) return v.status();
    auto m = (*v)->VideoMeetingByRoom(room);
    if (!m.ok()) return m.status();
    if (!m->has_value()) return nlohmann::json{{"ignored", true}};
    auto att = (*v)->VideoAttendance((*m)->id);
    if (!att.ok()) return att.status();
    for (const auto& a : *att) {
      if (a.participant != participant || !a.left_at.empty()) continue;
      journal::NewEntry e;
      e.kind = "video.left";
      e.subject = (*m)->id;
      e.actor = a.user_id;
      e.at_ms = ctx.now_ms();
      e.data = {{"participant", participant}, {"joined_at", a.joined_at},
                {"seconds", SecondsSince(a.joined_at, ctx.now_ms())}};
      auto ap = ctx.Record(std::move(e));
      if (!ap.ok()) return ap.status();
      return nlohmann::json::object();
    }
    return nlohmann::json{{"ignored", true}};
  });
  if (!r.ok()) return r.status();
  if (r->contains("ignored")) ++out->ignored;
  else ++out->left;
  return Status::Ok();
}

Status OnEvent(App& app, const nlohmann::json& ev, EventsOutcome* out) {
  if (!ev.is_object() || ev.value("type", int64_t{0}) != kPluginEvent) {
    ++out->ignored;
    return Status::Ok();
  }
  const auto& body = ev.value("event", nlohmann::json::object());
  if (!body.is_object() || body.value("plugin", "") != "janus.plugin.videoroom" || !body.contains("data") ||
      !body["data"].is_object()) {
    ++out->ignored;
    return Status::Ok();
  }
  const auto& data = body["data"];
  std::string what = data.value("event", "");
  if (what == "joined") return OnJoined(app, data, ev.value("timestamp", int64_t{0}), out);
  if (what == "leaving" || what == "kicked") return OnLeft(app, data, out);
  ++out->ignored;
  return Status::Ok();
}

}  // namespace

Result<EventsOutcome> HandleJanusEvents(App& app, const nlohmann::json& body) {
  EventsOutcome out;
  if (!NodeVideoConfig().configured()) return Status::Unavailable("video server not configured");
  if (body.is_array()) {
    for (const auto& ev : body) SABT_RETURN_IF_ERROR(OnEvent(app, ev, &out));
  } else {
    SABT_RETURN_IF_ERROR(OnEvent(app, body, &out));
  }
  return out;
}

bool JanusEventAuthOk(const std::string& authorization) {
  const VideoConfig& cfg = NodeVideoConfig();
  if (!cfg.configured() || cfg.event_password.empty()) return false;
  const std::string prefix = "Basic ";
  if (authorization.size() <= prefix.size() || authorization.compare(0, prefix.size(), prefix) != 0) return false;
  auto decoded = Base64Decode(authorization.substr(prefix.size()));
  if (!decoded.ok()) return false;
  std::string want = "janus:" + cfg.event_password;
  if (decoded->size() != want.size()) return false;
  return sodium_memcmp(decoded->data(), want.data(), want.size()) == 0;
}

}  // namespace sabt::app::video
