// One PostgreSQL connection (libpqxx 6.4) with the backend's named prepared
// statements. Not thread-safe: a connection belongs to one thread at a time
// (the writer, or a reader that borrowed it from the pool).
//
// Transactions are driven explicitly (BEGIN / SAVEPOINT / COMMIT sent through
// a pqxx::nontransaction), because the store interface exposes savepoints
// and the writer decides when to commit. Every value reaches the server as a
// parameter of a prepared statement; the only statements sent as plain text
// are constant ones without values (BEGIN, COMMIT, SAVEPOINT, …).
#pragma once
#include <memory>
#include <string>

#include <pqxx/pqxx>

#include "util/status.h"

namespace sabt::store::postgres {

class Conn {
 public:
  // Connects; `prepare` registers the backend's statements (lazily prepared
  // by libpqxx on first use). The migration connection passes false.
  static Result<std::unique_ptr<Conn>> Open(const std::string& url, bool prepare);

  pqxx::connection& raw() { return *c_; }
  // Reconnects when the connection was lost since it was last used.
  Status EnsureOpen();
  void MarkBroken() { broken_ = true; }

 private:
  Status Connect();
  std::string url_;
  bool prepare_ = true;
  bool broken_ = false;
  std::unique_ptr<pqxx::connection> c_;
};

// The URL with any password replaced by "***", for messages and logs.
std::string RedactUrl(const std::string& url);

// Runs fn and turns a libpqxx/standard exception into a Status: a
// serialization failure or deadlock becomes kConflict (the caller may retry),
// everything else kIo. A lost connection is marked for reconnection, and
// *failed (when given) is set: the server-side transaction is now aborted.
template <typename F>
auto Guard(Conn* conn, const char* what, F&& fn, bool* failed = nullptr) -> decltype(fn()) {
  try {
    return fn();
  } catch (const pqxx::broken_connection& e) {
    if (conn) conn->MarkBroken();
    if (failed) *failed = true;
    return Status::Io(std::string(what) + ": connection to PostgreSQL lost: " + e.what());
  } catch (const pqxx::transaction_rollback& e) {
    if (failed) *failed = true;
    return Status::Conflict(std::string(what) + ": " + e.what());
  } catch (const std::exception& e) {
    if (failed) *failed = true;
    return Status::Io(std::string(what) + ": " + e.what());
  }
}

// Registers every named statement of the backend on `c` (pg_queries.cc).
void PrepareAll(pqxx::connection& c);

// Applies the embedded migrations under src/store/postgres/migrations/ that
// are not yet recorded in schema_migrations, each in its own transaction, on
// `owner` (the role that owns the schema), then grants the application role
// (the current_user of `app`) its privileges. Concurrent runners serialise
// on an advisory lock. Both connections must reach the same database. Does
// nothing on a standby.
Status Migrate(Conn& owner, Conn& app);

}  // namespace sabt::store::postgres
