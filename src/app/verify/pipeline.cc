#include "app/verify/pipeline.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "store/verify_tx.h"

namespace sabt::app::verify {

std::optional<Hash> Chunk::Stored(int level, uint64_t idx) const {
  if (level < 0 || static_cast<size_t>(level) >= stored.size()) return std::nullopt;
  const uint64_t first = static_cast<uint64_t>(start) >> level;
  if (idx < first || idx - first >= stored[level].size()) return std::nullopt;
  return stored[level][idx - first];
}

namespace {

// Shared between the reader, the workers and the consumer; every field is
// guarded by mu.
struct Shared {
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::unique_ptr<Chunk>> unclaimed;
  std::map<int64_t, std::unique_ptr<Chunk>> done;
  int64_t in_flight = 0;  // chunks made and not yet consumed
  int64_t made = 0;       // chunks made
  // Consumed chunks, freed by the reader: memory is freed by a thread that
  // is not the in-order fold (glibc frees across threads are not cheap).
  std::vector<std::unique_ptr<Chunk>> trash;
  bool reader_done = false;
  bool stop = false;
  Status reader_status;
};

Status FetchStored(store::VerifyReads& reads, Chunk& c) {
  for (int level = 0; level < 63; ++level) {
    const int64_t from = c.start >> level, to = c.end >> level;
    if (to <= from) {
      if (to == 0) break;
      c.stored.emplace_back();
      continue;
    }
    auto nodes = reads.MerkleNodeRange(level, from, to);
    if (!nodes.ok()) return nodes.status();
    c.stored.push_back(std::move(*nodes));
  }
  return Status::Ok();
}

}  // namespace

Status RunPipeline(store::ReadTx& tx, int64_t from, const PipelineOptions& options,
                   const std::function<void(Chunk&)>& work, const std::function<Status(Chunk&)>& consume) {
  auto reads = store::VerifyReadsOf(tx);
  if (!reads.ok()) return reads.status();
  const int workers = options.workers > 0 ? options.workers
                                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const int64_t chunk = std::max<int64_t>(1, options.chunk);
  const int64_t max_in_flight = 2 * workers + 2;
  Shared sh;

  // Reader: one scan, cut at multiples of `chunk` positions.
  std::thread reader([&] {
    auto current = std::make_unique<Chunk>();
    current->start = current->end = from;
    auto ship = [&]() -> Status {
      if (current->entries.empty()) return Status::Ok();
      SABT_RETURN_IF_ERROR(FetchStored(**reads, *current));
      {
        std::vector<std::unique_ptr<Chunk>> old;
        {
          std::lock_guard lock(sh.mu);
          old.swap(sh.trash);
        }
      }  // freed here, outside the lock
      std::unique_lock lock(sh.mu);
      sh.cv.wait(lock, [&] { return sh.stop || sh.in_flight < max_in_flight; });
      if (sh.stop) return Status::Corruption("stopped");
      const int64_t next_start = current->end;
      current->number = sh.made++;
      ++sh.in_flight;
      sh.unclaimed.push_back(std::move(current));
      sh.cv.notify_all();
      current = std::make_unique<Chunk>();
      current->start = current->end = next_start;
      return Status::Ok();
    };
    Status st = tx.ScanJournal(from, [&](const store::EntryRow& e, const store::PayloadRow* p) -> Status {
      ScannedEntry s;
      s.row = e;
      if (p) {
        s.has_payload = true;
        s.payload = *p;
      }
      if (current->entries.empty()) current->entries.reserve(static_cast<size_t>(chunk));
      current->entries.push_back(std::move(s));
      ++current->end;
      if (current->end % chunk == 0) return ship();
      return Status::Ok();
    });
    if (st.ok()) st = ship();
    std::lock_guard lock(sh.mu);
    sh.reader_status = st;
    sh.reader_done = true;
    sh.cv.notify_all();
  });

  std::vector<std::thread> pool;
  for (int i = 0; i < workers; ++i) {
    pool.emplace_back([&] {
      for (;;) {
        std::unique_ptr<Chunk> c;
        {
          std::unique_lock lock(sh.mu);
          sh.cv.wait(lock, [&] { return sh.stop || !sh.unclaimed.empty() || sh.reader_done; });
          if (sh.stop) return;
          if (sh.unclaimed.empty()) return;  // reader done and nothing left
          c = std::move(sh.unclaimed.front());
          sh.unclaimed.pop_front();
        }
        work(*c);
        std::lock_guard lock(sh.mu);
        const int64_t n = c->number;
        sh.done.emplace(n, std::move(c));
        sh.cv.notify_all();
      }
    });
  }

  Status result;
  for (int64_t next = 0;; ++next) {
    std::unique_ptr<Chunk> c;
    {
      std::unique_lock lock(sh.mu);
      sh.cv.wait(lock, [&] { return sh.done.count(next) > 0 || (sh.reader_done && next >= sh.made); });
      auto it = sh.done.find(next);
      if (it == sh.done.end()) break;  // everything made was consumed
      c = std::move(it->second);
      sh.done.erase(it);
    }
    Status st = consume(*c);
    std::lock_guard lock(sh.mu);
    sh.trash.push_back(std::move(c));
    --sh.in_flight;
    sh.cv.notify_all();
    if (!st.ok()) {
      result = st;
      sh.stop = true;
      break;
    }
  }
  {
    std::lock_guard lock(sh.mu);
    sh.stop = true;
    sh.cv.notify_all();
  }
  reader.join();
  for (auto& t : pool) t.join();
  if (!result.ok()) return result;
  return sh.reader_status;
}

}  // namespace sabt::app::verify
