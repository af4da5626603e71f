// SqliteStore's maintenance: purging what erasure left in free pages and the
// WAL, compacting the file, and online backup (docs/operations.md). Each
// holds the writer slot (or, for the backup, reads a snapshot on a
// connection of its own) so that the writer and the readers keep their rules.
#include <sqlite3.h>

#include <filesystem>

#include "store/sqlite/person_index.h"
#include "store/sqlite/sqlite_store.h"

namespace sabt::store::sqlite {

Status SqliteStore::PurgeDeleted() {
  AcquireWriter();  // no transaction is open on the writer connection
  Status st = Guard("purge", [&] {
    // secure_delete already zeroed the freed cells in the pages written by
    // the erasing transaction; the full-text index still holds the terms of
    // the erased text until its segments are merged; the WAL still holds the
    // older page images.
    OptimizeRecordTextQ(*writer_);
    writer_->Exec("PRAGMA wal_checkpoint(TRUNCATE)");
    return Status::Ok();
  });
  ReleaseWriter();
  return st;
}

Status SqliteStore::Compact() {
  AcquireWriter();
  // Checkpoints the WAL into the database and truncates it to 0 bytes; a
  // reader still on an old snapshot makes it report busy (after the busy
  // timeout), and the caller learns that the bytes may still be there.
  auto checkpoint = [&]() -> Status {
    SQLite::Statement q(writer_->db(), "PRAGMA wal_checkpoint(TRUNCATE)");
    if (q.executeStep() && q.getColumn(0).getInt() != 0)
      return Status::Unavailable("the WAL could not be truncated: a reader held an old snapshot");
    return Status::Ok();
  };
  Status st = Guard("compact", [&]() -> Status {
    OptimizeRecordTextQ(*writer_);  // the terms of purged texts (persons-and-search.md §7)
    Status first = checkpoint();
    if (!first.ok()) return first;
    // Rewrites the file without free pages (secure_delete zeroed them, but
    // a rewritten file keeps no page a purge touched).
    writer_->Exec("VACUUM");
    return checkpoint();
  });
  ReleaseWriter();
  return st;
}

Status SqliteStore::BackupTo(const std::string& dest, const std::function<void(int64_t, int64_t)>& progress) {
  if (opts_.path.find("mode=memory") != std::string::npos) return Status::Invalid("an in-memory database has no backup");
  if (std::filesystem::exists(dest)) return Status::Conflict(dest + " already exists; a backup never overwrites a file");
  // Written under a temporary name and renamed when complete: a failed or
  // interrupted backup never leaves a file that looks like a backup.
  const std::string partial = dest + ".partial";
  std::filesystem::remove(partial);
  sqlite3* src = nullptr;
  sqlite3* dst = nullptr;
  auto fail = [&](const std::string& what, sqlite3* db) {
    std::string msg = db ? what + ": " + sqlite3_errmsg(db) : what;
    if (src) {
      sqlite3_exec(src, "ROLLBACK", nullptr, nullptr, nullptr);
      sqlite3_close(src);
    }
    if (dst) sqlite3_close(dst);
    std::filesystem::remove(partial);
    return Status::Io("backup: " + msg);
  };
  // A connection of its own: the writer and the readers keep working.
  if (sqlite3_open_v2(opts_.path.c_str(), &src, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr) != SQLITE_OK)
    return fail("cannot open " + opts_.path, src);
  sqlite3_busy_timeout(src, 10000);
  // One read transaction across every step: in WAL mode the copy is the
  // snapshot of this moment, whatever the writer commits meanwhile.
  if (sqlite3_exec(src, "BEGIN; SELECT count(*) FROM sqlite_schema;", nullptr, nullptr, nullptr) != SQLITE_OK)
    return fail("cannot start a read transaction", src);
  if (sqlite3_open_v2(partial.c_str(), &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK)
    return fail("cannot create " + partial, dst);
  sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
  if (!b) return fail("cannot start the backup", dst);
  int rc = SQLITE_OK;
  while ((rc = sqlite3_backup_step(b, 256)) == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
    if (progress) {
      int64_t total = sqlite3_backup_pagecount(b);
      progress(total - sqlite3_backup_remaining(b), total);
    }
    if (rc != SQLITE_OK) sqlite3_sleep(50);
  }
  if (progress) {
    int64_t total = sqlite3_backup_pagecount(b);
    progress(total - sqlite3_backup_remaining(b), total);
  }
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) return fail("copy failed (" + std::string(sqlite3_errstr(rc)) + ")", dst);
  sqlite3_exec(src, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_close(src);
  src = nullptr;
  // The copy is a rollback-journal database written with synchronous=FULL
  // (SQLite's default), so it is on disk once closed.
  if (sqlite3_close(dst) != SQLITE_OK) return fail("cannot close " + partial, dst);
  dst = nullptr;
  std::error_code ec;
  std::filesystem::rename(partial, dest, ec);
  if (ec) return fail("cannot rename " + partial + " to " + dest + ": " + ec.message(), nullptr);
  return Status::Ok();
}

}  // namespace sabt::store::sqlite
