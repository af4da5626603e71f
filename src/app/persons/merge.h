// Merge and unmerge of master person records by a head (issue 16;
// docs/persons-and-search.md §5). Each is one journal entry with the reason
// in its payload; the rules are checked here and again by the projector.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "app/app.h"
#include "app/auth.h"

namespace sabt::app::persons {

// Merges the master of `from_person` into the master of `into_person`.
// kDenied (not a head), kNotFound (a person outside the head's scope),
// kInvalid("reason_required" | "same_person"). Answers {"merge": entry index,
// "into", "from", "persons"} after COMMIT.
Result<nlohmann::json> MergePersons(App& app, const Principal& who, const std::string& into_person,
                                    const std::string& from_person, const std::string& reason);

// Undoes the merge written at entry `merge_idx`. kInvalid("merge_undone" |
// "merged_again": the rows have since moved; unmerge the later merge first).
Result<nlohmann::json> UnmergePersons(App& app, const Principal& who, int64_t merge_idx, const std::string& reason);

}  // namespace sabt::app::persons
