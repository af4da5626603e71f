#include "app/writer.h"

#include <chrono>
#include <future>

#include <spdlog/spdlog.h>

#include "app/projector.h"

namespace sabt::app {

Result<journal::Appended> WriteContext::Record(journal::NewEntry e) {
  auto appended = journal_.Append(tx_, e);
  if (!appended.ok()) return appended.status();
  auto view = ParseEntry(appended->entry, appended->index);
  if (!view.ok()) return view.status();
  // Project from the stored canonical bytes, exactly as a replay will see them
  // (the appender already canonicalised the payload; it is not done twice).
  std::optional<nlohmann::json> payload;
  if (e.payload) {
    auto j = nlohmann::json::parse(appended->payload, nullptr, false);
    if (j.is_discarded()) return Status::Internal("canonical payload does not parse");
    payload = std::move(j);
  }
  SABT_RETURN_IF_ERROR(Project(tx_, *view, payload ? &*payload : nullptr));
  if (TouchesCatalog(e.kind)) catalog_changed_ = true;
  return appended;
}

Result<journal::Appended> WriteContext::RecordForeign(store::EntryRow row, const store::PayloadRow* payload) {
  auto appended = journal_.AppendForeign(tx_, std::move(row), payload);
  if (!appended.ok()) return appended.status();
  auto view = ParseEntry(appended->entry, appended->index);
  if (!view.ok()) return view.status();
  std::optional<nlohmann::json> body;
  if (payload) {
    auto j = nlohmann::json::parse(appended->payload, nullptr, false);
    if (j.is_discarded()) return Status::Invalid("payload does not parse");
    body = std::move(j);
  }
  SABT_RETURN_IF_ERROR(Project(tx_, *view, body ? &*body : nullptr));
  if (TouchesCatalog(view->kind)) catalog_changed_ = true;
  return appended;
}

Writer::Writer(store::Store& store, journal::Appender appender, const Clock& clock, Options opts)
    : store_(store), appender_(std::move(appender)), clock_(clock), opts_(opts) {
  head_ = {appender_.size(), appender_.root()};
  thread_ = std::thread([this] { Loop(); });
}

Writer::~Writer() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Writer::Submit(Command cmd, Reply reply) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) {
      reply(Status::Unavailable("the server is shutting down"));
      return;
    }
    queue_.emplace_back(std::move(cmd), std::move(reply));
  }
  cv_.notify_one();
}

Result<nlohmann::json> Writer::Run(Command cmd) {
  std::promise<Result<nlohmann::json>> p;
  auto f = p.get_future();
  Submit(std::move(cmd), [&p](Result<nlohmann::json> r) { p.set_value(std::move(r)); });
  return f.get();
}

std::pair<int64_t, Hash> Writer::Head() const {
  std::lock_guard<std::mutex> lock(mu_);
  return head_;
}

Writer::Stats Writer::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stats_;
}

void Writer::Loop() {
  for (;;) {
    std::vector<std::pair<Command, Reply>> batch;
    {
      std::unique_lock<std::mutex> lock(mu_);
      auto ready = [&] { return stopping_ || !queue_.empty(); };
      if (opts_.idle_check_ms > 0) {
        if (!cv_.wait_for(lock, std::chrono::milliseconds(opts_.idle_check_ms), ready)) {
          lock.unlock();
          if (Behind()) RunBatch(batch);  // an empty batch: only the catch-up
          continue;
        }
      } else {
        cv_.wait(lock, ready);
      }
      if (queue_.empty() && stopping_) return;
      while (!queue_.empty() && batch.size() < opts_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    RunBatch(batch);
  }
}

bool Writer::Behind() {
  auto tx = store_.Read();
  if (!tx.ok()) return false;
  auto size = (*tx)->JournalSize();
  return size.ok() && *size != appender_.size();
}

Result<bool> Writer::CatchUp(store::WriteTx& tx) {
  auto size = tx.JournalSize();
  if (!size.ok()) return size.status();
  if (*size == appender_.size()) return false;
  // The other process has projected its entries into the same tables in its
  // own transaction; only this writer's frontier (and the lists) are stale.
  auto fresh = journal::Appender::Load(tx, appender_.origin());
  if (!fresh.ok()) return fresh.status();
  spdlog::info("the journal grew from {} to {} entries outside this node's writer (an administrator's command); "
               "continuing from there",
               appender_.size(), *size);
  appender_ = std::move(*fresh);
  return true;
}

void Writer::RunBatch(std::vector<std::pair<Command, Reply>>& batch) {
  std::vector<Result<nlohmann::json>> results;
  results.reserve(batch.size());
  auto fail_all = [&](const Status& st) {
    for (auto& [cmd, reply] : batch) reply(st);
  };
  auto tx = store_.BeginWrite();
  if (!tx.ok()) {
    fail_all(tx.status());
    return;
  }
  // The write transaction holds the database's write lock (BEGIN IMMEDIATE,
  // or the advisory lock on PostgreSQL), so nobody can append between this
  // check and the commit.
  auto caught_up = CatchUp(**tx);
  if (!caught_up.ok()) {
    fail_all(caught_up.status());
    return;
  }
  if (*caught_up) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      head_ = {appender_.size(), appender_.root()};
    }
    // Before the commands run, so they see the lists the other process loaded.
    if (on_catalog_change_) on_catalog_change_();
  }
  const journal::Appender::State before_batch = appender_.state();
  int64_t now = clock_.NowMillis();
  bool catalog_changed = false;
  bool any_ok = false;
  for (auto& [cmd, reply] : batch) {
    const journal::Appender::State before = appender_.state();
    Status sp = (*tx)->Savepoint();
    if (!sp.ok()) {
      results.emplace_back(sp);
      continue;
    }
    WriteContext ctx(**tx, appender_, now);
    Result<nlohmann::json> r = Status::Internal("command did not run");
    try {
      r = cmd(ctx);
    } catch (const std::exception& e) {
      r = Status::Internal(std::string("command failed: ") + e.what());
    }
    if (r.ok()) {
      Status rel = (*tx)->ReleaseSavepoint();
      if (!rel.ok()) r = rel;
    }
    if (!r.ok()) {
      Status rb = (*tx)->RollbackToSavepoint();
      appender_.Restore(before);
      if (!rb.ok()) {
        // The transaction is in an unknown state: give up the whole batch.
        spdlog::error("rollback to savepoint failed: {}", rb.ToString());
        appender_.Restore(before_batch);
        fail_all(rb);
        return;
      }
    } else {
      any_ok = true;
      catalog_changed = catalog_changed || ctx.catalog_changed();
    }
    results.push_back(std::move(r));
  }
  Status st;
  if (any_ok && static_cast<uint64_t>(appender_.size()) != before_batch.range.size()) st = appender_.WriteTreeHead(**tx, now);
  if (st.ok()) st = (*tx)->Commit();
  if (!st.ok()) {
    spdlog::error("commit of a batch of {} failed: {}", batch.size(), st.ToString());
    appender_.Restore(before_batch);
    fail_all(st);
    return;
  }
  tx->reset();  // release the writer connection before replying
  {
    std::lock_guard<std::mutex> lock(mu_);
    head_ = {appender_.size(), appender_.root()};
    if (!batch.empty()) stats_.batches++;
    stats_.commands += batch.size();
  }
  if (catalog_changed && on_catalog_change_) on_catalog_change_();
  for (size_t i = 0; i < batch.size(); ++i) batch[i].second(std::move(results[i]));
}

}  // namespace sabt::app
