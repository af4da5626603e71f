// Entries of the public log (docs/verification.md §3): what anyone may see
// of an entry (what a proof needs, nothing about a person or a member of
// staff), and the whole header for an auditor, each such view journaled.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "app/app.h"
#include "app/auth.h"

namespace sabt::app {

// {index, origin, seq, kind, at, leaf_hash, payload (when the entry has one)}.
nlohmann::json PublicEntryJson(const store::EntryRow& e);

// The public fields plus "entry" (the canonical bytes). Only for roles
// allowed kReadEntryHeaders, with a reason of at least 5 characters; the
// view is journaled (`audit.viewed`, record `journal_entry`) before it is
// returned. kDenied for other roles, kInvalid "reason_required", kNotFound.
Result<nlohmann::json> AuditorEntryJson(App& app, const Principal& who, int64_t index, const std::string& reason);

}  // namespace sabt::app
