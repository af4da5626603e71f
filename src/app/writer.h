// The single writer. Commands from any thread wait in a queue; the writer
// thread takes up to max_batch of them, runs each under its own savepoint in
// ONE transaction, writes the tree head, commits, and only then replies to
// each command (group commit). A failing command is rolled back to its
// savepoint and does not disturb its batch neighbours; a failing COMMIT fails
// the whole batch and restores the in-memory journal state.
#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "journal/appender.h"
#include "store/store.h"
#include "util/clock.h"

namespace sabt::app {

// What a command sees: the open transaction and the journal. Record() is the
// only way a command changes state: it appends the entry and projects it in
// the same step, so no write can skip the journal.
class WriteContext {
 public:
  WriteContext(store::WriteTx& tx, journal::Appender& journal, int64_t now_ms)
      : tx_(tx), journal_(journal), now_ms_(now_ms) {}
  store::WriteTx& tx() { return tx_; }
  int64_t now_ms() const { return now_ms_; }
  const std::string& origin() const { return journal_.origin(); }
  Result<journal::Appended> Record(journal::NewEntry e);
  // Appends and projects an entry written by another node (sync).
  Result<journal::Appended> RecordForeign(store::EntryRow row, const store::PayloadRow* payload);
  bool catalog_changed() const { return catalog_changed_; }

 private:
  store::WriteTx& tx_;
  journal::Appender& journal_;
  int64_t now_ms_;
  bool catalog_changed_ = false;
};

class Writer {
 public:
  using Command = std::function<Result<nlohmann::json>(WriteContext&)>;
  using Reply = std::function<void(Result<nlohmann::json>)>;
  struct Options {
    size_t max_batch = 256;
    // When idle this long, look whether another process (an administrator's
    // `sabt reference import`, `sabt erase`, ...) appended to the journal, and
    // catch up (see RunBatch). 0: never look while idle.
    int64_t idle_check_ms = 0;
  };
  struct Stats {
    uint64_t batches = 0, commands = 0;
  };

  Writer(store::Store& store, journal::Appender appender, const Clock& clock, Options opts);
  ~Writer();  // drains the queue and stops the thread

  // Replies run on the writer thread after COMMIT; keep them short.
  void Submit(Command cmd, Reply reply);
  // Blocking convenience for the CLI and tests.
  Result<nlohmann::json> Run(Command cmd);

  // Called after each committed batch that changed departments or reference
  // lists, and when entries appended by another process were found.
  void OnCatalogChange(std::function<void()> fn) { on_catalog_change_ = std::move(fn); }
  // Journal size and root as of the last commit.
  std::pair<int64_t, Hash> Head() const;
  Stats stats() const;

 private:
  void Loop();
  void RunBatch(std::vector<std::pair<Command, Reply>>& batch);
  // True when the stored journal is longer than the in-memory frontier.
  bool Behind();
  // Inside the batch's write transaction: reloads the frontier when another
  // process appended; returns whether it did.
  Result<bool> CatchUp(store::WriteTx& tx);

  store::Store& store_;
  journal::Appender appender_;  // writer thread only
  const Clock& clock_;
  Options opts_;
  std::function<void()> on_catalog_change_;

  mutable std::mutex mu_;  // guards queue_, stopping_, head_, stats_
  std::condition_variable cv_;
  std::deque<std::pair<Command, Reply>> queue_;
  bool stopping_ = false;
  std::pair<int64_t, Hash> head_;
  Stats stats_;
  std::thread thread_;
};

}  // namespace sabt::app
