// sabt verify | rebuild
#include <fstream>
#include <iostream>

#include "app/verify.h"
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
      "verify", "Check the journal, its hashes and tree heads, payloads, and the tables against a replay");
  verify->add_option("--db", args->db, "Database URL")->capture_default_str();
  verify->add_flag("--quiet", args->quiet, "No progress output");
  verify->add_option("--trusted-key", args->trusted_key,
                     "File with the log's first verifier key, obtained out of band: the key history must start there");
  verify->add_option("--witness-key", args->witness_keys,
                     "File with a witness's verifier key: its stored cosignatures must verify (repeatable)");
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
    auto store = store::OpenStore(args->db);
    if (!store.ok()) {
      std::cerr << "sabt verify: " << store.status().ToString() << "\n";
      return SetExitCode(2);
    }
    auto rep = app::Verify(**store, opts, Printer(args->quiet));
    if (!rep.ok()) {
      std::cerr << "sabt verify: " << rep.status().ToString() << "\n";
      return SetExitCode(2);
    }
    if (!rep->ok) {
      std::cout << "FAIL: " << rep->fault << "\n";
      return SetExitCode(1);
    }
    for (const auto& n : rep->notes) std::cout << n << "\n";
    for (const auto& a : rep->anchors) std::cout << a << "\n";
    std::cout << "OK: " << rep->entries << " entries, " << rep->payloads << " payloads, " << rep->files
              << " attachment files, " << rep->tree_heads << " tree heads, " << rep->checkpoints << " signed checkpoints, " << rep->rows_compared << " rows match a replay; root " << rep->root_hex << "\n";
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
