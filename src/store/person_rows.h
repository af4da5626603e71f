// Rows of the master person index and record search (issue 16;
// docs/persons-and-search.md). Projections: see app/persons/index_projector.h.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "store/rows.h"

namespace sabt::store {

// A person row found by a key, with the master it belongs to.
struct PersonHit {
  PersonRow person;
  std::string master_id;
};

// Where a person row appears: kind "appeal" | "report" | "case".
struct PersonRefRow {
  std::string person_id, kind, record_id, number, department, role, at;
};

// One person.merged entry; undone_idx is the person.unmerged that undid it (0: none).
struct PersonMergeRow {
  int64_t entry_idx = 0;
  std::string into_master, from_master;
  std::vector<std::string> persons;
  int64_t undone_idx = 0;
};

// The searchable text of a record: body is folded by SearchKey (§6).
struct RecordTextRow {
  std::string record_id, kind, number, department, at, body;
};

// A record found by number or text; match is "number" or "text".
struct RecordHit {
  std::string kind, id, number, department, at, match;
};

}  // namespace sabt::store
