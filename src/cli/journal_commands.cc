// sabt verify | rebuild
#include <fstream>
#include <iostream>

#include "app/verify.h"
#include "app/verify/since.h"
#include "journal/node_key.h"
#include "util/clock.h"
#include "cli/commands.h"
#include "journal/checkpoint.h"
#include "store/store.h"

namespace sabt::cli {
namespace {

struct JournalArgs {
  std::string db = DefaultDb();
  bool quiet = false;
  std::string trusted_key;               // file with a C2SP verifier key line
  std::vector<std::string> witness_keys;  // files, one verifier key each
  bool since_checkpoint = false;          // docs/journal-format.md §6.2
  bool sweep = false;                     // with --since-checkpoint: re-hash old entries too
  std::string key_file;                   // node key (default: journal::DefaultKeyPath)
};

// The first non-empty line of a key file, parsed as a C2SP verifier key.
Result<VerifierKey> ReadVerifierKeyFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot read " + path);
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.empty()) continue;
    auto k = ParseVerifierKey(line);
    if (!k.ok()) return Status::Invalid(path + ": " + k.status().message());
    return k;
  }
  return Status::Invalid(path + ": no key");
}

app::Progress Printer(bool quiet) {
  if (quiet) return nullptr;
  return [](const std::string& phase, int64_t done, int64_t total) {
    std::cerr << "\r" << phase << ": " << done << "/" << total << "        " << std::flush;
    if (done == total) std::cerr << "\n";
  };
}

}  // namespace

void RegisterJournalCommands(CLI::App& cli) {
  auto args = std::make_shared<JournalArgs>();
  auto* verify = cli.add_subcommand(
      "verify",
      "Check the journal, its hashes and tree heads, payloads, and the tables against a replay; a passing run "
      "stores a result signed by the node key (docs/journal-format.md §6)");
  verify->add_option("--db", args->db, "Database URL")->capture_default_str();
  verify->add_flag("--quiet", args->quiet, "No progress output");
  verify->add_option("--trusted-key", args->trusted_key,
                     "File with the log's first verifier key, obtained out of band: the key history must start there");
  verify->add_option("--witness-key", args->witness_keys,
                     "File with a witness's verifier key: its stored cosignatures must verify (repeatable)");
  verify->add_flag("--since-checkpoint", args->since_checkpoint,
                   "Check only the entries appended since the last stored verify result, and the rest by a "
                   "consistency proof from its signed root; no replay of the tables. Falls back to a full verify "
                   "when no result is stored; fails when the stored result or the old tree was changed");
  verify->add_flag("--sweep", args->sweep,
                   "With --since-checkpoint: also re-hash every old entry against its stored leaf hash and fold "
                   "them to the signed root (about the cost of reading the journal once; catches an old entry "
                   "whose bytes were edited without its hashes)");
  verify->add_option("--key", args->key_file,
                     "Node key file that signs and checks the stored verify result (default: next to the SQLite "
                     "database, or the node's key for PostgreSQL)");
  verify->callback([args] {
    app::VerifyOptions opts;
    if (!args->trusted_key.empty()) {
      auto k = ReadVerifierKeyFile(args->trusted_key);
      if (!k.ok()) {
        std::cerr << "sabt verify: --trusted-key: " << k.status().ToString() << "\n";
        return SetExitCode(2);
      }
      opts.trusted_key = *k;
    }
    for (const auto& f : args->witness_keys) {
      auto k = ReadVerifierKeyFile(f);
      if (!k.ok()) {
        std::cerr << "sabt verify: --witness-key: " << k.status().ToString() << "\n";
        return SetExitCode(2);
      }
      opts.witness_keys.push_back(*k);
    }
    opts.sweep = args->sweep;
    if (args->sweep && !args->since_checkpoint) {
      std::cerr << "sabt verify: --sweep goes with --since-checkpoint (a full verify re-hashes everything)\n";
      return SetExitCode(2);
    }
    auto store = store::OpenStore(args->db);
    if (!store.ok()) {
      std::cerr << "sabt verify: " << store.status().ToString() << "\n";
      return SetExitCode(2);
    }
    // The node key signs the stored result (and checks it for --since-checkpoint).
    const std::string key_path = args->key_file.empty() ? journal::DefaultKeyPath(args->db, "") : args->key_file;
    auto key = journal::LoadNodeKey(key_path);
    Result<app::VerifyReport> rep = Status::Internal("not run");
    if (args->since_checkpoint) {
      if (opts.trusted_key) {
        std::cerr << "sabt verify: --trusted-key needs the whole key history: run a full verify (without "
                     "--since-checkpoint)\n";
        return SetExitCode(2);
      }
      if (!key.ok()) {
        std::cerr << "sabt verify: --since-checkpoint needs the node key to check the stored result: "
                  << key.status().ToString() << "\n";
        return SetExitCode(2);
      }
      auto since = app::verify::VerifySince(**store, *key, opts, Printer(args->quiet));
      if (!since.ok()) {
        rep = since.status();
      } else if (since->no_result) {
        std::cout << "no stored verify result: running a full verify\n";
        rep = app::Verify(**store, opts, Printer(args->quiet));
      } else {
        rep = std::move(since->report);
      }
    } else {
      rep = app::Verify(**store, opts, Printer(args->quiet));
    }
    if (!rep.ok()) {
      std::cerr << "sabt verify: " << rep.status().ToString() << "\n";
      return SetExitCode(2);
    }
    if (!rep->ok) {
      std::cout << "FAIL: " << rep->fault << "\n";
      return SetExitCode(1);
    }
    if (rep->since >= 0) {
      std::cout << "since the verified tree of size " << rep->since << ": " << rep->entries
                << " new entries checked; the old part is consistent with the signed root (tables not replayed)\n";
    }
    for (const auto& n : rep->notes) std::cout << n << "\n";
    for (const auto& a : rep->anchors) std::cout << a << "\n";
    std::cout << "OK: " << rep->entries << " entries, " << rep->payloads << " payloads, " << rep->files
              << " attachment files, " << rep->tree_heads << " tree heads, " << rep->checkpoints << " signed checkpoints, " << rep->rows_compared << " rows match a replay; root " << rep->root_hex << "\n";
    // The signed result the next --since-checkpoint starts from.
    Status stored = key.ok() ? app::verify::StoreVerifyResult(**store, *key, *rep, SystemClock().NowMillis())
                             : key.status();
    if (stored.ok()) {
      std::cout << "verify result stored: size " << rep->size << ", signed by " << key->name << "\n";
    } else {
      std::cout << "verify result not stored: " << stored.ToString() << "\n";
    }
  });

  auto* rebuild = cli.add_subcommand("rebuild", "Replay the journal into fresh current-state tables");
  rebuild->add_option("--db", args->db, "Database URL")->capture_default_str();
  rebuild->add_flag("--quiet", args->quiet, "No progress output");
  rebuild->callback([args] {
    auto store = store::OpenStore(args->db);
    if (!store.ok()) {
      std::cerr << "sabt rebuild: " << store.status().ToString() << "\n";
      return SetExitCode(2);
    }
    auto n = app::Rebuild(**store, Printer(args->quiet));
    if (!n.ok()) {
      std::cerr << "sabt rebuild: " << n.status().ToString() << " (nothing changed)\n";
      return SetExitCode(1);
    }
    std::cout << "rebuilt tables from " << *n << " entries\n";
  });
}

}  // namespace sabt::cli
