// Persons and search (issue 16; docs/persons-and-search.md §1, §5). This
// folder owns the master person index: its projection, merge and unmerge,
// and the searches over persons and records.
//
// The index is a projection like every other table: ProjectPersonIndex runs
// in the writer's transaction right after Project() applied the entry, and
// again on `sabt rebuild` / `sabt verify`. It reads the rows the entry just
// wrote (so an entry refused as a device's evidence leaves no trace here).
#pragma once
#include <optional>

#include <nlohmann/json.hpp>

#include "app/projector.h"
#include "store/store.h"

namespace sabt::app::persons {

// Person keys, refs and record texts touched by the entry.
Status ProjectPersonIndex(store::WriteTx& tx, const EntryView& e);

// person.merged / person.unmerged; nullopt for any other kind. Violations of
// the merge rules (§5) are corruption.
std::optional<Status> ProjectPersonMerge(store::WriteTx& tx, const EntryView& e);

// Re-keys one person row from its current details (a blanked row has no keys)
// and links a new row to its own master.
Status IndexPersonRow(store::WriteTx& tx, const std::string& person_id);
// The same for many rows at once (each at most once; rows that do not exist
// are skipped): one read and one batched write (store IndexPersons).
// IndexPersonRow is this with one row.
Status IndexPersonRows(store::WriteTx& tx, const std::vector<std::string>& person_ids);

}  // namespace sabt::app::persons
