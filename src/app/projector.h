// Journal → tables. Project() applies one entry to the current-state tables.
// The same function runs for a live write (inside the writer's transaction,
// right after the entry is appended) and for `sabt rebuild`/`sabt verify`
// (replaying the journal into fresh tables), so the two cannot drift apart.
#pragma once
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "store/store.h"

namespace sabt::app {

struct EntryView {
  int64_t idx = 0;
  std::string origin, at, actor, kind, subject;
  int64_t seq = 0;
  nlohmann::json data;
};

// Parses canonical entry bytes into a view (v must be 1).
Result<EntryView> ParseEntry(const std::string& bytes, int64_t idx);
// The same from an already parsed entry (verify parses each entry once).
Result<EntryView> EntryFromJson(nlohmann::json j, int64_t idx);

// payload is null when the entry has none or it was erased; projections then
// keep the record with its personal fields empty.
Status Project(store::WriteTx& tx, const EntryView& e, const nlohmann::json* payload);

// True when the kind changes departments or reference lists (caches reload).
bool TouchesCatalog(const std::string& kind);

// A person's row from a payload's person object (an appeal's `applicant`, a
// crime report's `reporter`, a case person), with its search key.
store::PersonRow PersonFromJson(std::string id, const nlohmann::json& person);

}  // namespace sabt::app
