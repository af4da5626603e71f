// Reform programme and equipment register: journal → `programme_records`
// (docs/programme.md §1–2). Called by app/projector.cc for live writes and
// replay alike. Each record is one JSON document; an entry changes the
// document of its subject (and, for a decision or a handover act, the
// documents it adds to).
#pragma once
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "app/projector.h"
#include "store/store.h"

namespace sabt::app::programme {

// nullopt when the kind is not one of programme.*, indicator.*, equipment.*.
std::optional<Status> ProjectProgramme(store::WriteTx& tx, const EntryView& e);

// A record as JSON (null when absent); the writer's commands read through this too.
Result<nlohmann::json> LoadRecord(store::ReadTx& tx, const std::string& kind, const std::string& id);

}  // namespace sabt::app::programme
