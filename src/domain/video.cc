#include "domain/video.h"

#include <algorithm>

#include "util/base64.h"
#include "util/clock.h"
#include "util/hex.h"
#include "util/hmac.h"
#include "util/text.h"

namespace sabt::domain::video {
namespace {

constexpr std::string_view kPlugin = "janus.plugin.videoroom";

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    size_t at = s.find(sep, start);
    out.push_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return out;
    start = at + 1;
  }
}

// Constant time for equal lengths: how much of a MAC matched stays unknown.
bool SameMac(std::string_view a, std::string_view b) {
  if (a.size() != b.size() || a.empty()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

bool Contains(const std::vector<std::string>& v, std::string_view x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

std::string MakeJanusSessionToken(std::string_view secret, int64_t expiry_s) {
  std::string data = std::to_string(expiry_s) + ",janus," + std::string(kPlugin);
  return data + ":" + Base64Encode(HmacSha1(secret, data));
}

std::string MakeJanusRoomToken(std::string_view secret, int64_t expiry_s, int64_t room, std::string_view user) {
  std::string data = std::to_string(expiry_s) + "," + std::string(kPlugin) + ",room=" + std::to_string(room) +
                     ",sabt=" + std::string(user);
  return data + ":" + Base64Encode(HmacSha1(secret, data));
}

std::optional<JanusTokenClaims> CheckJanusRoomToken(std::string_view secret, std::string_view token) {
  size_t colon = token.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string_view data = token.substr(0, colon), mac = token.substr(colon + 1);
  std::string want = Base64Encode(HmacSha1(secret, data));
  if (!SameMac(want, mac)) return std::nullopt;
  auto parts = Split(data, ',');
  JanusTokenClaims c;
  if (parts.size() != 4 || parts[1] != kPlugin) return std::nullopt;
  if (!ParseInt64(parts[0], &c.expiry_s)) return std::nullopt;
  if (parts[2].substr(0, 5) != "room=" || !ParseInt64(parts[2].substr(5), &c.room)) return std::nullopt;
  if (parts[3].substr(0, 5) != "sabt=" || parts[3].size() == 5) return std::nullopt;
  c.user = std::string(parts[3].substr(5));
  return c;
}

TurnCredential MakeTurnCredential(std::string_view secret, int64_t expiry_s, std::string_view user) {
  TurnCredential t;
  t.username = std::to_string(expiry_s) + ":" + std::string(user);
  t.credential = Base64Encode(HmacSha1(secret, t.username));
  return t;
}

int64_t RoomNumber(std::string_view meeting_id) {
  if (meeting_id.size() != 36) return 0;
  int64_t n = 0;
  int digits = 0;
  for (char ch : meeting_id) {
    if (ch == '-') continue;
    int v;
    if (ch >= '0' && ch <= '9') v = ch - '0';
    else if (ch >= 'a' && ch <= 'f') v = ch - 'a' + 10;
    else return 0;
    n = n * 16 + v;
    if (++digits == 13) break;
  }
  // Room 0 means "let Janus choose"; a meeting never gets it.
  return n == 0 ? 1 : n;
}

std::string RoomSecret(std::string_view key, int64_t room) {
  return HexEncode(HmacSha256(key, std::to_string(room)));
}

bool MayScheduleMeeting(Role role) { return role == Role::kHead; }

bool MayRecordMeeting(Role role, bool recordings_configured) {
  return recordings_configured && role == Role::kHead;
}

bool MayJoinMeeting(const MeetingAccess& m, std::string_view user_id, std::string_view user_department,
                    const DepartmentTree& tree) {
  if (user_id.empty()) return false;
  if (m.organiser == user_id || Contains(m.invited_users, user_id)) return true;
  for (const auto& d : m.invited_departments)
    if (!user_department.empty() && tree.InScope(d, user_department)) return true;
  return false;
}

bool MayEndMeeting(const MeetingAccess& m, std::string_view user_id, Role role, std::string_view user_department,
                   const DepartmentTree& tree) {
  if (!user_id.empty() && m.organiser == user_id) return true;
  return role == Role::kHead && tree.InScope(user_department, m.unit);
}

std::variant<ValidMeeting, Problems> ValidateMeeting(const MeetingInput& in, const DepartmentTree& tree) {
  Problems p;
  ValidMeeting v;
  v.title = CleanField(in.title);
  if (v.title.empty()) p.push_back({"title", "required"});
  else if (Utf8Length(v.title) > 200) p.push_back({"title", "too_long"});
  auto at = ParseLocalDateTime(in.starts_at);
  if (!at.ok()) p.push_back({"starts_at", "invalid_date"});
  else v.starts_at_ms = *at;
  for (const auto& d : in.invited_departments) {
    if (d.empty()) continue;
    if (!tree.Find(d)) {
      p.push_back({"departments", "unknown_department"});
      break;
    }
    if (!Contains(v.invited_departments, d)) v.invited_departments.push_back(d);
  }
  bool any_user = std::any_of(in.invited_usernames.begin(), in.invited_usernames.end(),
                              [](const std::string& u) { return !u.empty(); });
  if (v.invited_departments.empty() && !any_user) p.push_back({"departments", "no_invitees"});
  v.profile = in.profile.empty() ? "normal" : in.profile;
  if (v.profile != "normal" && v.profile != "low") p.push_back({"profile", "invalid"});
  if (!p.empty()) return p;
  return v;
}

}  // namespace sabt::domain::video
