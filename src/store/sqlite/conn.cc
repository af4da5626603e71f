#include "store/sqlite/conn.h"

#include <sqlite3.h>

#include "util/embedded.h"

namespace sabt::store::sqlite {

Result<std::unique_ptr<Conn>> Conn::Open(const std::string& path, bool read_write) {
  try {
    auto c = std::make_unique<Conn>();
    int flags = SQLite::OPEN_URI | SQLite::OPEN_NOMUTEX;
    flags |= read_write ? (SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE) : SQLite::OPEN_READONLY;
    c->db_ = std::make_unique<SQLite::Database>(path, flags, /*busy timeout ms*/ 10000);
    bool memory = path.find("mode=memory") != std::string::npos;
    if (read_write && !memory) {
      c->db_->exec("PRAGMA journal_mode=WAL");
      // FULL: a commit is on disk before it returns (see docs/journal-format.md §3).
      c->db_->exec("PRAGMA synchronous=FULL");
    }
    c->db_->exec("PRAGMA foreign_keys=ON");
    // Deleted content (an erased payload) is overwritten, not left in free pages.
    c->db_->exec("PRAGMA secure_delete=ON");
    c->db_->exec("PRAGMA temp_store=MEMORY");
    // The writer keeps 64 MiB of pages (SQLite's default is 2 MiB): a
    // projection writing index keys at random places of a large b-tree
    // (person_keys at millions of persons) otherwise re-reads and spills the
    // same pages through the OS on every statement (docs/benchmarks.md,
    // "Person search at scale").
    if (read_write) c->db_->exec("PRAGMA cache_size=-65536");
    // Readers map the file (reads only; writes still go through the writer's
    // WAL): a proof's Merkle node lookups then copy no pages in with pread
    // (docs/benchmarks.md, "Inclusion proofs"). Address space, not memory: the
    // pages are the OS page cache's.
    if (!read_write && !memory) c->db_->exec("PRAGMA mmap_size=1073741824");
    return c;
  } catch (const std::exception& e) {
    return Status::Io("cannot open SQLite database '" + path + "': " + e.what());
  }
}

SQLite::Statement& Conn::Prep(const char* sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    it = cache_.emplace(sql, std::make_unique<SQLite::Statement>(*db_, sql)).first;
  } else {
    it->second->reset();
    it->second->clearBindings();
  }
  used_.push_back(it->second.get());
  return *it->second;
}

bool Conn::TryRun(const char* sql) noexcept {
  try {
    Run(sql);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

Status Migrate(Conn& conn) {
  return Guard("migrate", [&]() -> Status {
    conn.Exec("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)");
    const std::string prefix = "src/store/sqlite/migrations/";
    for (const auto& [path, sql] : embedded::Files()) {  // std::map: sorted by file name
      if (path.compare(0, prefix.size(), prefix) != 0) continue;
      std::string name = path.substr(prefix.size());
      SQLite::Statement q(conn.db(), "SELECT 1 FROM schema_migrations WHERE name = ?");
      q.bind(1, name);
      if (q.executeStep()) continue;
      conn.Exec("BEGIN IMMEDIATE");
      try {
        conn.db().exec(std::string(sql));
        SQLite::Statement ins(conn.db(),
                              "INSERT INTO schema_migrations(name, applied_at) VALUES (?, "
                              "strftime('%Y-%m-%dT%H:%M:%fZ','now'))");
        ins.bind(1, name);
        ins.exec();
        conn.Exec("COMMIT");
      } catch (...) {
        conn.db().tryExec("ROLLBACK");
        throw;
      }
    }
    return Status::Ok();
  });
}

}  // namespace sabt::store::sqlite
