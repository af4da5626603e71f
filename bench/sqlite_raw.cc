// sqlite_raw: the floor under POST /api/v1/appeals. Writes the same rows an
// appeal registration writes, straight through the SQLite C API, with the
// same schema (the app's own embedded migrations) and the same settings as
// the server's writer connection (WAL, synchronous=FULL, foreign_keys=ON,
// temp_store=MEMORY), BATCH appeals per transaction, for DURATION seconds.
//
// Per appeal:  journal row (canonical entry JSON, ~560 B, + 32 B leaf hash),
//              payloads row (32 B salt + the applicant/summary JSON),
//              merkle_nodes rows (the same count the appender writes: the
//              leaf plus one per completed subtree, ~2 per appeal),
//              persons row, series_counters upsert, appeals row.
// Per batch:   tree_heads row, COMMIT.
// Not done here (that is the point): HTTP, JSON parsing and validation,
// session lookup, canonicalization, SHA-256, savepoints, the person lookup.
//
// The applicant and summary come from the same body file the HTTP benchmark
// posts, so the bytes per row match.
//
//   sqlite_raw --db PATH --body-file body.json [--batch 100] [--duration 10]
//              [--wal-autocheckpoint PAGES]   (default: SQLite's, 1000; 0: off)
//              [--bg-checkpoint-ms MS]        (checkpoint from another thread instead)
//
// Output: "key=value" lines (times in ms).
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/embedded.h"
#include "util/text.h"

namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void Die(const std::string& msg) {
  std::cerr << "sqlite_raw: " << msg << "\n";
  std::exit(2);
}

void Check(sqlite3* db, int rc, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) Die(std::string(what) + ": " + sqlite3_errmsg(db));
}

void Exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string e = err ? err : "?";
    sqlite3_free(err);
    Die("exec '" + sql.substr(0, 60) + "': " + e);
  }
}

// splitmix64: cheap, deterministic bytes for IDs, hashes and salts.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t Next() {
    uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::string Bytes(size_t n) {
    std::string out(n, '\0');
    for (size_t i = 0; i < n; i += 8) {
      uint64_t v = Next();
      for (size_t j = 0; j < 8 && i + j < n; ++j) out[i + j] = static_cast<char>(v >> (8 * j));
    }
    return out;
  }
  std::string Hex(size_t nbytes) {
    static const char* d = "0123456789abcdef";
    std::string b = Bytes(nbytes), out;
    for (unsigned char c : b) {
      out.push_back(d[c >> 4]);
      out.push_back(d[c & 15]);
    }
    return out;
  }
  std::string Uuid() {
    std::string h = Hex(16);
    return h.substr(0, 8) + "-" + h.substr(8, 4) + "-4" + h.substr(13, 3) + "-a" + h.substr(17, 3) + "-" +
           h.substr(20, 12);
  }

 private:
  uint64_t s_;
};

class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) { Check(db, sqlite3_prepare_v2(db, sql, -1, &s_, nullptr), sql); }
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt& Int(int i, int64_t v) {
    sqlite3_bind_int64(s_, i, v);
    return *this;
  }
  Stmt& Text(int i, const std::string& v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Blob(int i, const std::string& v) {
    sqlite3_bind_blob(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  void Run() {
    int rc;
    while ((rc = sqlite3_step(s_)) == SQLITE_ROW) {
    }
    Check(db_, rc, sqlite3_sql(s_));
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* s_ = nullptr;
};

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) Die("cannot read " + path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string IsoNow() {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

std::string Str(const nlohmann::json& j, const char* k) {
  auto it = j.find(k);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string Fill(std::string s, std::initializer_list<std::pair<std::string_view, std::string>> subs) {
  for (const auto& [key, value] : subs)
    for (size_t p = s.find(key); p != std::string::npos; p = s.find(key, p + value.size()))
      s.replace(p, key.size(), value);
  return s;
}

[[noreturn]] void Usage() {
  Die("usage: sqlite_raw --db PATH --body-file F [--batch N] [--duration S] [--wal-autocheckpoint PAGES] "
      "[--bg-checkpoint-ms MS]");
}

double Pct(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t rank = static_cast<size_t>(std::max(1.0, std::ceil(p * static_cast<double>(v.size()))));
  return v[std::min(rank, v.size()) - 1];
}

}  // namespace

int main(int argc, char** argv) {
  std::string path, body_file;
  int batch = 100;
  int autocheckpoint = -1;  // -1: SQLite's default (1000 pages), as the server
  int bg_checkpoint_ms = 0;  // >0: a second connection checkpoints (PASSIVE) this often
  double duration = 10;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) Die("missing value for " + a);
      return argv[++i];
    };
    if (a == "--db") path = next();
    else if (a == "--body-file") body_file = next();
    else if (a == "--batch") batch = std::stoi(next());
    else if (a == "--duration") duration = std::stod(next());
    else if (a == "--wal-autocheckpoint") autocheckpoint = std::stoi(next());
    else if (a == "--bg-checkpoint-ms") bg_checkpoint_ms = std::stoi(next());
    else Usage();
  }
  if (path.empty() || body_file.empty() || batch < 1) Usage();

  // The same applicant and summary as the HTTP benchmark's request body.
  auto body = nlohmann::json::parse(ReadFile(body_file));
  nlohmann::json applicant = {{"surname", Str(body, "surname")},   {"given_name", Str(body, "given_name")},
                              {"patronymic", Str(body, "patronymic")}, {"birth_date", Str(body, "birth_date")},
                              {"address", Str(body, "address")},   {"phone", "+992935551234"},
                              {"id_document", Str(body, "id_document")}};
  const std::string summary = Str(body, "summary");
  const std::string search_key =
      sabt::SearchKey(Str(body, "surname") + " " + Str(body, "given_name") + " " + Str(body, "patronymic"));

  std::remove(path.c_str());
  std::remove((path + "-wal").c_str());
  std::remove((path + "-shm").c_str());
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK)
    Die("open " + path);
  Exec(db, "PRAGMA journal_mode=WAL");
  Exec(db, "PRAGMA synchronous=FULL");
  Exec(db, "PRAGMA foreign_keys=ON");
  Exec(db, "PRAGMA temp_store=MEMORY");
  if (autocheckpoint >= 0) Exec(db, "PRAGMA wal_autocheckpoint=" + std::to_string(autocheckpoint));
  const std::string prefix = "src/store/sqlite/migrations/";
  int migrations = 0;
  for (const auto& [file, sql] : sabt::embedded::Files()) {
    if (file.compare(0, prefix.size(), prefix) != 0) continue;
    Exec(db, "BEGIN IMMEDIATE");
    Exec(db, std::string(sql));
    Exec(db, "COMMIT");
    ++migrations;
  }
  if (migrations == 0) Die("no embedded migrations");

  Stmt journal(db, "INSERT INTO journal(idx, origin, seq, kind, subject, at, entry, leaf_hash) VALUES (?,?,?,?,?,?,?,?)");
  Stmt payloads(db, "INSERT INTO payloads(idx, salt, body) VALUES (?,?,?)");
  Stmt merkle(db, "INSERT INTO merkle_nodes(level, idx, hash) VALUES (?,?,?)");
  Stmt person(db,
              "INSERT INTO persons(id, surname, given_name, patronymic, birth_date, address, phone, id_document, "
              "search_key) VALUES (?,?,?,?,?,?,?,?,?)");
  Stmt series(db,
              "INSERT INTO series_counters(series, year, n) VALUES (?, ?, 1) "
              "ON CONFLICT(series, year) DO UPDATE SET n = n + 1 RETURNING n");
  Stmt appeal(db,
              "INSERT INTO appeals(id, number, series, year, n, department, channel, category, status, received_at, "
              "registered_at, registered_by, person_id, summary, verification_code, entry_idx) "
              "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  Stmt head(db, "INSERT INTO tree_heads(size, root, at) VALUES (?,?,?)");

  // Optional: checkpoints off the writing thread, as an experiment for the
  // commit latency tail (the server checkpoints inside COMMIT, on its writer).
  std::atomic<bool> stop{false};
  std::atomic<int> bg_checkpoints{0};
  std::thread checkpointer;
  if (bg_checkpoint_ms > 0) {
    if (autocheckpoint < 0) Exec(db, "PRAGMA wal_autocheckpoint=0");
    checkpointer = std::thread([&] {
      sqlite3* c = nullptr;
      if (sqlite3_open_v2(path.c_str(), &c, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK)
        Die("open checkpointer");
      sqlite3_busy_timeout(c, 1000);
      Exec(c, "PRAGMA synchronous=FULL");
      while (!stop) {
        std::this_thread::sleep_for(std::chrono::milliseconds(bg_checkpoint_ms));
        if (sqlite3_wal_checkpoint_v2(c, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr) == SQLITE_OK)
          ++bg_checkpoints;
      }
      sqlite3_close(c);
    });
  }

  Rng rng(42);
  const std::string actor = rng.Uuid(), series_name = "DSH-SNO";
  // Row texts are filled into templates (cheap), so that the timed loop
  // measures SQLite rather than JSON building. The templates are the
  // canonical JSON the app writes: sorted keys, no spaces.
  nlohmann::json ap = applicant;
  ap["id_document"] = "@DOC@";
  const std::string payload_tpl =
      nlohmann::json{{"applicant", ap}, {"summary", summary}, {"verification_code", "@CODE@"}}.dump();
  const nlohmann::json data_tpl = {{"category", "complaint"}, {"channel", "desk"},       {"department", series_name},
                                   {"n", "@N@"},              {"number", "@NUMBER@"},   {"person_id", "@PERSON@"},
                                   {"received_at", "@AT@"},   {"registered_by", actor}, {"series", series_name},
                                   {"year", 2026}};
  const std::string entry_tpl = nlohmann::json{{"actor", actor},     {"at", "@AT@"},      {"data", data_tpl},
                                               {"kind", "appeal.registered"},             {"origin", "central"},
                                               {"payload", "@COMMIT@"}, {"seq", "@N@"},  {"subject", "@SUBJECT@"},
                                               {"v", 1}}
                                    .dump();
  int64_t size = 0;  // journal size = next leaf index
  uint64_t entry_bytes = 0, payload_bytes = 0, merkle_rows = 0;
  std::vector<double> commit_ms, tx_ms;
  auto t0 = Clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - t0).count(); };
  while (elapsed() < duration) {
    auto tx_start = Clock::now();
    Exec(db, "BEGIN IMMEDIATE");
    const std::string at = IsoNow();
    for (int b = 0; b < batch; ++b) {
      const int64_t idx = size, n = size + 1;
      const std::string id = rng.Uuid(), person_id = rng.Uuid();
      const std::string number = series_name + "/2026/" + std::to_string(n);
      const std::string code = rng.Hex(2) + "-" + rng.Hex(2);
      const std::string doc = "A" + std::to_string(10000000 + n);
      const std::string payload = Fill(payload_tpl, {{"@DOC@", doc}, {"@CODE@", code}});
      const std::string entry = Fill(entry_tpl, {{"@AT@", at},
                                                 {"@NUMBER@", number},
                                                 {"\"@N@\"", std::to_string(n)},
                                                 {"@PERSON@", person_id},
                                                 {"@COMMIT@", rng.Hex(32)},
                                                 {"@SUBJECT@", id}});
      entry_bytes += entry.size();
      payload_bytes += payload.size();

      series.Text(1, series_name).Int(2, 2026).Run();
      journal.Int(1, idx).Text(2, "central").Int(3, n).Text(4, "appeal.registered").Text(5, id).Text(6, at)
          .Blob(7, entry).Blob(8, rng.Bytes(32)).Run();
      payloads.Int(1, idx).Blob(2, rng.Bytes(32)).Blob(3, payload).Run();
      // Same nodes as CompactRange::Append: the leaf, then one node per
      // perfect subtree the new leaf completes.
      merkle.Int(1, 0).Int(2, idx).Blob(3, rng.Bytes(32)).Run();
      ++merkle_rows;
      for (int level = 0; (static_cast<uint64_t>(size) >> level) & 1; ++level) {
        merkle.Int(1, level + 1).Int(2, idx >> (level + 1)).Blob(3, rng.Bytes(32)).Run();
        ++merkle_rows;
      }
      person.Text(1, person_id).Text(2, Str(ap, "surname")).Text(3, Str(ap, "given_name"))
          .Text(4, Str(ap, "patronymic")).Text(5, Str(ap, "birth_date")).Text(6, Str(ap, "address"))
          .Text(7, Str(ap, "phone")).Text(8, doc).Text(9, search_key).Run();
      appeal.Text(1, id).Text(2, number).Text(3, series_name).Int(4, 2026).Int(5, n).Text(6, series_name)
          .Text(7, "desk").Text(8, "complaint").Text(9, "registered").Text(10, at).Text(11, at).Text(12, actor)
          .Text(13, person_id).Text(14, summary).Text(15, code).Int(16, idx).Run();
      ++size;
    }
    head.Int(1, size).Blob(2, rng.Bytes(32)).Text(3, at).Run();
    auto c0 = Clock::now();
    Exec(db, "COMMIT");
    auto c1 = Clock::now();
    commit_ms.push_back(std::chrono::duration<double, std::milli>(c1 - c0).count());
    tx_ms.push_back(std::chrono::duration<double, std::milli>(c1 - tx_start).count());
  }
  const double secs = elapsed();
  stop = true;
  if (checkpointer.joinable()) checkpointer.join();
  sqlite3_close(db);

  std::printf("batch=%d\n", batch);
  std::printf("bg_checkpoints=%d\n", bg_checkpoints.load());
  std::printf("seconds=%.3f\n", secs);
  std::printf("rows=%lld\n", static_cast<long long>(size));
  std::printf("transactions=%zu\n", commit_ms.size());
  std::printf("rows_per_s=%.1f\n", static_cast<double>(size) / secs);
  std::printf("tx_per_s=%.1f\n", static_cast<double>(commit_ms.size()) / secs);
  std::printf("commit_p50_ms=%.3f\ncommit_p99_ms=%.3f\ncommit_max_ms=%.3f\n", Pct(commit_ms, 0.5),
              Pct(commit_ms, 0.99), Pct(commit_ms, 1.0));
  std::printf("tx_p50_ms=%.3f\ntx_p99_ms=%.3f\n", Pct(tx_ms, 0.5), Pct(tx_ms, 0.99));
  std::printf("entry_bytes_avg=%.0f\npayload_bytes_avg=%.0f\nmerkle_rows_per_appeal=%.2f\n",
              static_cast<double>(entry_bytes) / static_cast<double>(std::max<int64_t>(1, size)),
              static_cast<double>(payload_bytes) / static_cast<double>(std::max<int64_t>(1, size)),
              static_cast<double>(merkle_rows) / static_cast<double>(std::max<int64_t>(1, size)));
  return 0;
}
