// The USB bundle, format 2 (docs/sync-protocol.md §9): the attached files with
// their device-signed notes, then batches, each part within the online
// limits, so a bundle of any size goes through the same acceptance rules.
#pragma once
#include <functional>
#include <string>
#include <string_view>

#include "app/app.h"

namespace sabt::app {

inline constexpr std::string_view kBundleMagicV1 = "SABTSYNC1\n";
inline constexpr std::string_view kBundleMagicV2 = "SABTSYNC2\n";

struct BundleReport {
  int64_t from_seq = 0, to_seq = 0;
  int64_t files = 0, batches = 0, bytes = 0;
};
// Called after each part: (parts done, parts in all, what the part was).
using BundleProgress = std::function<void(int64_t, int64_t, const std::string&)>;

// Field node: writes everything after the ack to `path` (via path.partial,
// renamed when complete). kNotFound when nothing is pending.
Result<BundleReport> ExportBundle(App& app, const std::string& path, const BundleProgress& progress = {});

// Where an imported bundle's parts go: the parent in-process (--db) or over
// HTTP (--url). A refusal is an error naming the parent's answer.
struct BundleSink {
  std::function<Status(const std::string& origin, const std::string& sha256, const std::string& note_b64,
                       std::string bytes)>
      file;
  std::function<Status(std::string compressed_batch)> batch;
};
// Reads `path` part by part (one part in memory at a time) and hands each to
// the sink; format 1 (one batch with its files inline) goes to sink.batch.
Result<BundleReport> ImportBundle(const std::string& path, const BundleSink& sink, const BundleProgress& progress = {});

}  // namespace sabt::app
