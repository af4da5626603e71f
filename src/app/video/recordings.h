// Recordings of recorded meetings (docs/video.md §5a): the SHA-256 of every
// file Janus wrote for a meeting goes into the journal when the meeting ends
// (video.recording_hashed), and VerifyRecordings compares the files on disk
// with those entries later.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "app/app.h"
#include "util/status.h"

namespace sabt::app::video {

// Size and SHA-256 (lower-case hex) of a file, read in 1 MiB blocks.
struct FileDigest {
  int64_t size = 0;
  std::string sha256;
};
Result<FileDigest> DigestFile(const std::filesystem::path& path);

// Janus's recording file name "videoroom-<room>-user-<participant>-<time>-
// <media>-<index>.mjr": the participant id and the media ("" when the name
// is not of that form).
struct JanusFileName {
  std::string participant, media;
};
JanusFileName ParseJanusFileName(const std::string& name);

// Hashes every regular file of recordings_dir/<meeting_id>/ that has no
// video.recording_hashed entry yet and appends one entry per file (actor:
// who ended the meeting), all in one transaction. Returns how many were
// journaled (0 when the directory does not exist: nothing was recorded).
Result<int> HashMeetingRecordings(App& app, const std::string& recordings_dir, const std::string& meeting_id,
                                  const std::string& actor);

// One line of `sabt video verify-recordings`.
struct RecordingCheck {
  std::string meeting, file;
  std::string verdict;  // "ok", "MISSING", "CHANGED", "NOT JOURNALED"
  std::string detail;
};
// Every video.recording_hashed entry (of one meeting when meeting_id is not
// empty) against the file on disk, then the files of ended meetings' directories
// that no entry names. Files of meetings not yet ended are left out.
Result<std::vector<RecordingCheck>> VerifyRecordings(App& app, const std::string& recordings_dir,
                                                     const std::string& meeting_id);

}  // namespace sabt::app::video
