// Journal → tables for the trip log (docs/journal-format.md §4.4). Called by
// app/projector.cc for live writes, replay and a parent's synced entries alike.
#pragma once
#include <optional>

#include <nlohmann/json.hpp>

#include "app/projector.h"
#include "store/store.h"

namespace sabt::app {

// nullopt when the kind is not a trip kind.
std::optional<Status> ProjectTrip(store::WriteTx& tx, const EntryView& e, const nlohmann::json* payload);

// The link of an `appeal.registered` entry to its stop (data `trip`,
// `trip_stop`); nothing when the entry has none.
Status ProjectTripAppeal(store::WriteTx& tx, const EntryView& e);

}  // namespace sabt::app
