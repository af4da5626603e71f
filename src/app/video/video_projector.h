// Journal → tables for the video link (docs/video.md §5): video_meetings and
// video_attendance. Called by app/projector.cc for live writes and replay.
#pragma once
#include <optional>

#include <nlohmann/json.hpp>

#include "app/projector.h"
#include "store/store.h"

namespace sabt::app::video {

// nullopt when the kind is not a video kind.
std::optional<Status> ProjectVideo(store::WriteTx& tx, const EntryView& e, const nlohmann::json* payload);

}  // namespace sabt::app::video
