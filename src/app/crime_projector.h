// Journal → tables for the crime register (docs/journal-format.md §4.3).
// Called by app/projector.cc for live writes and for replay alike.
#pragma once
#include <optional>

#include <nlohmann/json.hpp>

#include "app/projector.h"
#include "store/store.h"

namespace sabt::app {

// nullopt when the kind is not a crime-register kind.
std::optional<Status> ProjectCrime(store::WriteTx& tx, const EntryView& e, const nlohmann::json* payload);

// A `payload.erased` of a crime-register entry (crime.registered,
// crime.transfer_accepted, case.person_added): blanks the texts that came from
// the erased payload (account, place) and the details of the person the entry
// names in `data.person_id`. Self-contained, so a replay needs no lookups.
Status EraseCrimePersonalData(store::WriteTx& tx, const EntryView& e);

// Flags are stored as ",a,b,".
bool HasFlag(const std::string& flags, const std::string& flag);
std::vector<std::string> FlagList(const std::string& flags);

}  // namespace sabt::app
