// Calls from a mobile station (docs/video.md §9): a mobile officer calls the
// duty officers of the district above the unit, optionally about an appeal
// or a crime report of the unit's scope. A call is a meeting of kind "call"
// (low-bitrate profile, invited: the caller and the district), so tokens,
// events and the record are those of meetings. Runs on the node that has
// the video server (the district or central node); the field node's page
// links there and says whether the link to the parent is up.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/app.h"
#include "app/auth.h"
#include "domain/problem.h"
#include "store/video_rows.h"

namespace sabt::app::video {

bool MayStartCall(const App& app, const Principal& who);

struct CallOutcome {
  domain::Problems problems;  // field "record": unknown_record
  Result<nlohmann::json> reply = Status::Internal("not run");  // {"id"} after COMMIT
};
// `record`: an appeal or crime report number, or empty.
CallOutcome StartCall(App& app, const Principal& who, const std::string& record);

// Calls ringing for the caller: not ended, started in the last 15 minutes,
// that the caller may join, did not start, and nobody but the caller joined.
Result<std::vector<store::VideoMeetingRow>> IncomingCalls(App& app, const Principal& who);

}  // namespace sabt::app::video
