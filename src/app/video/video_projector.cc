#include "app/video/video_projector.h"

#include "store/video_tx.h"
#include "util/json_str.h"

namespace sabt::app::video {
namespace {

Status Corrupt(const EntryView& e, const std::string& what) {
  return Status::Corruption("entry " + std::to_string(e.idx) + ": " + what);
}

Result<store::VideoMeetingRow> Meeting(store::VideoReads& tx, const EntryView& e) {
  auto m = tx.VideoMeeting(e.subject);
  if (!m.ok()) return m.status();
  if (!m->has_value()) return Corrupt(e, "video entry of a missing meeting");
  return **m;
}

std::string JsonArrayText(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return "[]";
  return it->dump();
}

// The rules ran when the entry was written; replay only checks that what it
// refers to exists.
Status ProjectVideoEntry(store::WriteTx& wtx, const EntryView& e, const nlohmann::json* payload) {
  auto reads = store::VideoReadsOf(wtx);
  if (!reads.ok()) return reads.status();
  auto writes = store::VideoWritesOf(wtx);
  if (!writes.ok()) return writes.status();
  store::VideoReads& rd = **reads;
  store::VideoWrites& tx = **writes;
  if (e.kind == "video.meeting_scheduled") {
    store::VideoMeetingRow m;
    m.id = e.subject;
    m.kind = JsonStr(e.data, "kind");
    m.title = payload ? JsonStr(*payload, "title") : "";
    m.unit = JsonStr(e.data, "unit");
    m.organiser = e.actor;
    m.starts_at = JsonStr(e.data, "starts_at");
    m.profile = JsonStr(e.data, "profile");
    m.room = e.data.value("room", int64_t{0});
    m.invited_users = JsonArrayText(e.data, "invited_users");
    m.invited_departments = JsonArrayText(e.data, "invited_departments");
    if (e.data.contains("link") && e.data["link"].is_object()) {
      m.link_kind = JsonStr(e.data["link"], "kind");
      m.link_id = JsonStr(e.data["link"], "id");
    }
    m.scheduled_at = e.at;
    m.recorded = e.data.value("recorded", false);
    if (m.unit.empty() || m.room <= 0) return Corrupt(e, "meeting without unit or room");
    return tx.PutVideoMeeting(m);
  }
  auto m = Meeting(rd, e);
  if (!m.ok()) return m.status();
  if (e.kind == "video.recording_hashed") {
    // No projection: verify-recordings reads the entries (docs/video.md §5a).
    if (!m->recorded) return Corrupt(e, "recording hash of a meeting that is not recorded");
    if (JsonStr(e.data, "file").empty() || JsonStr(e.data, "sha256").size() != 64)
      return Corrupt(e, "recording hash without file or SHA-256");
    return Status::Ok();
  }
  if (e.kind == "video.meeting_ended") {
    m->ended_at = e.at;
    m->ended_by = e.actor;
    return tx.PutVideoMeeting(*m);
  }
  std::string participant = JsonStr(e.data, "participant");
  if (participant.empty()) return Corrupt(e, "video attendance without participant");
  if (e.kind == "video.joined") {
    if (m->started_at.empty()) {
      m->started_at = e.at;
      SABT_RETURN_IF_ERROR(tx.PutVideoMeeting(*m));
    }
    store::VideoAttendanceRow a;
    a.meeting_id = e.subject;
    a.participant = participant;
    a.user_id = e.actor;
    a.joined_at = e.at;
    return tx.PutVideoAttendance(a);
  }
  // video.left
  auto rows = rd.VideoAttendance(e.subject);
  if (!rows.ok()) return rows.status();
  for (auto a : *rows) {
    if (a.participant != participant) continue;
    a.left_at = e.at;
    a.seconds = e.data.value("seconds", int64_t{0});
    return tx.PutVideoAttendance(a);
  }
  return Corrupt(e, "leave of a participant who never joined");
}

}  // namespace

std::optional<Status> ProjectVideo(store::WriteTx& tx, const EntryView& e, const nlohmann::json* payload) {
  if (e.kind != "video.meeting_scheduled" && e.kind != "video.joined" && e.kind != "video.left" &&
      e.kind != "video.meeting_ended" && e.kind != "video.recording_hashed")
    return std::nullopt;
  return ProjectVideoEntry(tx, e, payload);
}

}  // namespace sabt::app::video
