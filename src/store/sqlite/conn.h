// One SQLite connection with a cache of prepared statements. Not thread-safe:
// a connection belongs to one thread at a time (the writer, or a reader that
// borrowed it from the pool). SQLiteCpp throws; callers inside src/store/sqlite
// catch SQLite::Exception at each public method and turn it into a Status.
#pragma once
#include <SQLiteCpp/SQLiteCpp.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "util/status.h"

namespace sabt::store::sqlite {

class Conn {
 public:
  // mode: "rw" creates the file and sets WAL + synchronous=FULL; "ro" opens read-only.
  static Result<std::unique_ptr<Conn>> Open(const std::string& path, bool read_write);

  SQLite::Database& db() { return *db_; }
  // A cached prepared statement, reset and with bindings cleared.
  SQLite::Statement& Prep(const char* sql);
  void Exec(const char* sql) { db_->exec(sql); }
  // Runs a statement without result rows (BEGIN, COMMIT) from the cache:
  // parsed once per connection, not on every transaction as exec() does
  // (docs/benchmarks.md, public status). Run throws; TryRun reports failure.
  void Run(const char* sql) { Prep(sql).exec(); }
  bool TryRun(const char* sql) noexcept;
  // Resets the cached statements used since the last call. A statement left
  // mid-result keeps its read snapshot open, so this runs before each
  // transaction ends.
  void ResetAll() {
    for (auto* st : used_) st->tryReset();
    used_.clear();
  }

 private:
  std::unique_ptr<SQLite::Database> db_;
  std::map<const char*, std::unique_ptr<SQLite::Statement>> cache_;
  std::vector<SQLite::Statement*> used_;  // since the last ResetAll
};

// Applies the embedded migrations under src/store/sqlite/migrations/ that are
// not yet recorded in schema_migrations, each in its own transaction.
Status Migrate(Conn& conn);

// Runs fn and turns a SQLite/standard exception into Status::Io.
template <typename F>
auto Guard(const char* what, F&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const std::exception& e) {
    return Status::Io(std::string(what) + ": " + e.what());
  }
}

}  // namespace sabt::store::sqlite
