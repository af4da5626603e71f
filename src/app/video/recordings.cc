#include "app/video/recordings.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>

#include "app/projector.h"
#include "store/journal_search.h"
#include "store/video_tx.h"
#include "util/json_str.h"
#include "util/sha256.h"

namespace sabt::app::video {
namespace {

namespace fs = std::filesystem;
constexpr const char* kHashed = "video.recording_hashed";

// Names of the regular files of a directory, sorted; empty when it does not exist.
Result<std::vector<std::string>> FilesIn(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return out;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec)) out.push_back(it->path().filename().string());
  if (ec) return Status::Io("cannot list " + dir.string() + ": " + ec.message());
  std::sort(out.begin(), out.end());
  return out;
}

// File names already hashed for a meeting.
Result<std::set<std::string>> HashedNames(store::ReadTx& tx, const std::string& meeting_id) {
  auto rows = tx.EntriesBySubject(meeting_id);
  if (!rows.ok()) return rows.status();
  std::set<std::string> out;
  for (const auto& r : *rows) {
    if (r.kind != kHashed) continue;
    auto e = ParseEntry(r.entry, r.idx);
    if (!e.ok()) return e.status();
    out.insert(JsonStr(e->data, "file"));
  }
  return out;
}

}  // namespace

Result<FileDigest> DigestFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + path.string());
  Sha256Hasher h;
  FileDigest d;
  std::string buf(1 << 20, '\0');
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    std::streamsize n = in.gcount();
    if (n <= 0) break;
    h.Update(std::string_view(buf.data(), static_cast<size_t>(n)));
    d.size += n;
  }
  if (in.bad()) return Status::Io("cannot read " + path.string());
  d.sha256 = HashHex(h.Final());
  return d;
}

JanusFileName ParseJanusFileName(const std::string& name) {
  // videoroom-<room>-user-<participant>-<time>-<media>-<index>.mjr
  JanusFileName out;
  const std::string user = "-user-";
  auto u = name.find(user);
  if (name.rfind("videoroom-", 0) != 0 || u == std::string::npos) return out;
  std::vector<std::string> parts;
  std::string rest = name.substr(u + user.size());
  if (rest.size() > 4 && rest.compare(rest.size() - 4, 4, ".mjr") == 0) rest.resize(rest.size() - 4);
  size_t start = 0;
  for (size_t i = 0; i <= rest.size(); ++i) {
    if (i == rest.size() || rest[i] == '-') {
      parts.push_back(rest.substr(start, i - start));
      start = i + 1;
    }
  }
  if (parts.size() != 4) return out;
  bool digits = !parts[0].empty() && std::all_of(parts[0].begin(), parts[0].end(),
                                                 [](unsigned char ch) { return std::isdigit(ch) != 0; });
  if (!digits) return out;
  out.participant = parts[0];
  out.media = parts[2];
  return out;
}

Result<int> HashMeetingRecordings(App& app, const std::string& recordings_dir, const std::string& meeting_id,
                                  const std::string& actor) {
  if (recordings_dir.empty()) return 0;
  fs::path dir = fs::path(recordings_dir) / meeting_id;
  auto names = FilesIn(dir);
  if (!names.ok()) return names.status();
  if (names->empty()) return 0;
  // Hash outside the transaction: the files may be large.
  struct Hashed {
    std::string file;
    FileDigest d;
    JanusFileName j;
  };
  std::vector<Hashed> hashed;
  for (const auto& n : *names) {
    auto d = DigestFile(dir / n);
    if (!d.ok()) return d.status();
    hashed.push_back({n, *d, ParseJanusFileName(n)});
  }
  auto r = app.writer().Run([&](WriteContext& ctx) -> Result<nlohmann::json> {
    auto v = store::VideoReadsOf(ctx.tx());
    if (!v.ok()) return v.status();
    auto m = (*v)->VideoMeeting(meeting_id);
    if (!m.ok()) return m.status();
    if (!m->has_value() || !(*m)->recorded) return Status::Invalid("meeting " + meeting_id + " is not recorded");
    auto done = HashedNames(ctx.tx(), meeting_id);
    if (!done.ok()) return done.status();
    auto att = (*v)->VideoAttendance(meeting_id);
    if (!att.ok()) return att.status();
    std::map<std::string, std::string> user_of;
    for (const auto& a : *att) user_of[a.participant] = a.user_id;
    int64_t n = 0;
    for (const auto& h : hashed) {
      if (done->count(h.file)) continue;
      journal::NewEntry e;
      e.kind = kHashed;
      e.subject = meeting_id;
      e.actor = actor;
      e.at_ms = ctx.now_ms();
      auto u = user_of.find(h.j.participant);
      e.data = {{"file", h.file},
                {"size", h.d.size},
                {"sha256", h.d.sha256},
                {"room", (*m)->room},
                {"participant", h.j.participant},
                {"user", u == user_of.end() ? std::string() : u->second},
                {"media", h.j.media}};
      auto ap = ctx.Record(std::move(e));
      if (!ap.ok()) return ap.status();
      ++n;
    }
    return nlohmann::json{{"n", n}};
  });
  if (!r.ok()) return r.status();
  return static_cast<int>(r->value("n", int64_t{0}));
}

Result<std::vector<RecordingCheck>> VerifyRecordings(App& app, const std::string& recordings_dir,
                                                     const std::string& meeting_id) {
  std::vector<RecordingCheck> out;
  std::map<std::string, std::set<std::string>> named;  // meeting -> journaled file names
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  store::JournalFilter f;
  f.kind = kHashed;
  f.subject = meeting_id;
  f.limit = 500;
  for (;;) {
    auto page = (*tx)->SearchJournal(f);
    if (!page.ok()) return page.status();
    for (const auto& hit : *page) {
      auto e = ParseEntry(hit.entry, hit.idx);
      if (!e.ok()) return e.status();
      RecordingCheck c;
      c.meeting = e->subject;
      c.file = JsonStr(e->data, "file");
      named[c.meeting].insert(c.file);
      fs::path p = fs::path(recordings_dir) / c.meeting / c.file;
      std::error_code ec;
      if (c.file.empty() || c.file.find('/') != std::string::npos || !fs::is_regular_file(p, ec)) {
        c.verdict = "MISSING";
        c.detail = "entry " + std::to_string(hit.idx);
      } else {
        auto d = DigestFile(p);
        if (!d.ok()) return d.status();
        int64_t size = e->data.value("size", int64_t{-1});
        std::string want = JsonStr(e->data, "sha256");
        c.verdict = d->size == size && d->sha256 == want ? "ok" : "CHANGED";
        c.detail = "entry " + std::to_string(hit.idx) + ", " + std::to_string(d->size) + " bytes, sha256 " +
                   d->sha256 + (c.verdict == "ok" ? "" : " (journaled " + std::to_string(size) + " bytes, " + want + ")");
      }
      out.push_back(std::move(c));
    }
    if (static_cast<int64_t>(page->size()) < f.limit) break;
    f.before_idx = page->back().idx;
  }
  // Files of ended meetings that no entry names.
  std::error_code ec;
  if (recordings_dir.empty() || !fs::is_directory(recordings_dir, ec)) return out;
  auto v = store::VideoReadsOf(**tx);
  if (!v.ok()) return v.status();
  std::vector<std::string> meetings;
  if (!meeting_id.empty()) {
    meetings.push_back(meeting_id);
  } else {
    for (fs::directory_iterator it(recordings_dir, ec), end; !ec && it != end; it.increment(ec))
      if (it->is_directory(ec)) meetings.push_back(it->path().filename().string());
    if (ec) return Status::Io("cannot list " + recordings_dir + ": " + ec.message());
    std::sort(meetings.begin(), meetings.end());
  }
  for (const auto& id : meetings) {
    auto m = (*v)->VideoMeeting(id);
    if (!m.ok()) return m.status();
    if (m->has_value() && (*m)->ended_at.empty()) continue;  // still recording
    auto names = FilesIn(fs::path(recordings_dir) / id);
    if (!names.ok()) return names.status();
    for (const auto& n : *names)
      if (!named[id].count(n)) out.push_back({id, n, "NOT JOURNALED", m->has_value() ? "" : "unknown meeting"});
  }
  return out;
}

}  // namespace sabt::app::video
