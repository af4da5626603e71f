#include "app/video/janus_admin.h"

#include "domain/video.h"
#include "http/client.h"
#include "util/random.h"

namespace sabt::app::video {
namespace {

// Janus videoroom error codes (janus_videoroom.c).
constexpr int64_t kNoSuchRoom = 426;
constexpr int64_t kRoomExists = 427;

Status VideoroomError(const nlohmann::json& r) {
  return Status::Internal("janus videoroom error " + std::to_string(r.value("error_code", int64_t{0})) + ": " +
                          r.value("error", std::string()));
}

}  // namespace

Result<nlohmann::json> JanusAdmin::Videoroom(nlohmann::json request) {
  nlohmann::json body = {{"janus", "message_plugin"},
                         {"plugin", "janus.plugin.videoroom"},
                         {"transaction", RandomToken(12)},
                         {"admin_secret", cfg_.admin_secret},
                         {"request", std::move(request)}};
  http::ClientRequest req;
  req.method = "POST";
  req.url = cfg_.janus_admin_url;
  req.headers["Content-Type"] = "application/json";
  req.body = body.dump();
  req.timeout = std::chrono::milliseconds(5000);
  auto res = http::Fetch(req);
  if (!res.ok()) return Status::Unavailable("janus admin API: " + res.status().message());
  if (res->status != 200) return Status::Unavailable("janus admin API: HTTP " + std::to_string(res->status));
  auto j = nlohmann::json::parse(res->body, nullptr, false);
  if (!j.is_object()) return Status::Internal("janus admin API: not JSON");
  if (j.value("janus", "") != "success") {
    std::string why = j.contains("error") ? j["error"].value("reason", std::string()) : std::string();
    return Status::Internal("janus admin API refused: " + why);
  }
  if (!j.contains("response") || !j["response"].is_object()) return Status::Internal("janus admin API: no response");
  return j["response"];
}

Status JanusAdmin::EnsureRoom(int64_t room, const std::string& description, int64_t bitrate_bps,
                              const std::string& rec_dir) {
  nlohmann::json req = {{"request", "create"},
                        {"admin_key", cfg_.room_admin_key},
                        {"room", room},
                        {"description", description},
                        {"secret", domain::video::RoomSecret(cfg_.room_secret_key, room)},
                        {"is_private", true},
                        {"allowed", nlohmann::json::array()},
                        {"signed_tokens", true},
                        {"publishers", 16},
                        {"bitrate", bitrate_bps},
                        {"bitrate_cap", true},
                        {"record", !rec_dir.empty()},
                        {"lock_record", true},
                        {"notify_joining", true},
                        {"permanent", false}};
  if (!rec_dir.empty()) req["rec_dir"] = rec_dir;
  auto r = Videoroom(std::move(req));
  if (!r.ok()) return r.status();
  if (r->value("videoroom", "") == "created") return Status::Ok();
  if (r->value("error_code", int64_t{0}) == kRoomExists) return Status::Ok();
  return VideoroomError(*r);
}

Status JanusAdmin::AllowToken(int64_t room, const std::string& token) {
  auto r = Videoroom({{"request", "allowed"},
                      {"room", room},
                      {"secret", domain::video::RoomSecret(cfg_.room_secret_key, room)},
                      {"action", "add"},
                      {"allowed", nlohmann::json::array({token})}});
  if (!r.ok()) return r.status();
  if (r->value("videoroom", "") == "success") return Status::Ok();
  return VideoroomError(*r);
}

Status JanusAdmin::Kick(int64_t room, const std::string& participant) {
  int64_t id = 0;
  try {
    id = std::stoll(participant);
  } catch (...) {
    return Status::Invalid("participant id is not a number");
  }
  auto r = Videoroom({{"request", "kick"},
                      {"room", room},
                      {"secret", domain::video::RoomSecret(cfg_.room_secret_key, room)},
                      {"id", id}});
  if (!r.ok()) return r.status();
  if (r->value("videoroom", "") == "success") return Status::Ok();
  return VideoroomError(*r);
}

Status JanusAdmin::StopRecording(int64_t room) {
  auto r = Videoroom({{"request", "enable_recording"},
                      {"room", room},
                      {"secret", domain::video::RoomSecret(cfg_.room_secret_key, room)},
                      {"record", false}});
  if (!r.ok()) return r.status();
  if (r->value("videoroom", "") == "success") return Status::Ok();
  if (r->value("error_code", int64_t{0}) == kNoSuchRoom) return Status::Ok();
  return VideoroomError(*r);
}

Status JanusAdmin::DestroyRoom(int64_t room) {
  auto r = Videoroom({{"request", "destroy"},
                      {"room", room},
                      {"secret", domain::video::RoomSecret(cfg_.room_secret_key, room)},
                      {"permanent", false}});
  if (!r.ok()) return r.status();
  if (r->value("videoroom", "") == "destroyed") return Status::Ok();
  if (r->value("error_code", int64_t{0}) == kNoSuchRoom) return Status::Ok();
  return VideoroomError(*r);
}

}  // namespace sabt::app::video
