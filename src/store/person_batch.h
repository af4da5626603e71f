// Persons and search at scale (issue 16; docs/persons-and-search.md §3 "Scope
// in one query", docs/benchmarks.md "Person search at scale"): reads and
// writes of the master person index for many masters or rows in one query,
// kept apart from store.h so that the capability's store surface is one
// narrow header. Both backends' read transactions implement PersonBatchReads
// and their write transactions also PersonBatchWrites; PersonBatchOf() finds
// them on a transaction (nullptr on a backend without them, which then answers
// Unavailable through NoPersonBatch()).
#pragma once
#include <string>
#include <vector>

#include "store/person_rows.h"
#include "store/store.h"

namespace sabt::store {

// A ref with the master of its person row.
struct MasterRefRow {
  std::string master_id;
  PersonRefRow ref;
};

// The blocking keys of one person row (IndexPersons).
struct PersonKeysRow {
  std::string person_id;
  std::vector<std::string> keys;
};

class PersonBatchReads {
 public:
  virtual ~PersonBatchReads() = default;
  // The rows of `ids` that exist, in no particular order.
  virtual Result<std::vector<PersonRow>> PersonsByIds(const std::vector<std::string>& ids) = 0;
  // Of `masters`, those with a ref of any of their rows in any of
  // `departments`, each with the master's own row as `person` (person.id
  // empty when that row is gone); in no particular order.
  virtual Result<std::vector<PersonHit>> MastersInScope(const std::vector<std::string>& masters,
                                                        const std::vector<std::string>& departments) = 0;
  // Refs in any of `departments` of the rows of any of `masters`, with their
  // master, newest first.
  virtual Result<std::vector<MasterRefRow>> PersonRefsOfMasters(const std::vector<std::string>& masters,
                                                                const std::vector<std::string>& departments) = 0;
};

class PersonBatchWrites {
 public:
  virtual ~PersonBatchWrites() = default;
  // WriteTx::IndexPerson for many rows (each person at most once), and
  // WriteTx::PutPersonRef for many refs (a ref given twice: the last one).
  // PostgreSQL writes them in a few multi-row statements and its single-row
  // IndexPerson / PutPersonRef are these with one row.
  virtual Status IndexPersons(const std::vector<PersonKeysRow>& rows) = 0;
  virtual Status PutPersonRefs(const std::vector<PersonRefRow>& refs) = 0;
};

inline PersonBatchReads* PersonBatchOf(ReadTx& tx) { return dynamic_cast<PersonBatchReads*>(&tx); }
inline PersonBatchWrites* PersonBatchWriterOf(WriteTx& tx) { return dynamic_cast<PersonBatchWrites*>(&tx); }
inline Status NoPersonBatch() { return Status::Unavailable("batched person index not supported by this backend"); }

}  // namespace sabt::store
