// sabt verify | rebuild
#include <iostream>

#include "app/verify.h"
#include "cli/commands.h"
#include "store/store.h"

namespace sabt::cli {
namespace {

struct JournalArgs {
  std::string db = DefaultDb();
  bool quiet = false;
};

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
  verify->callback([args] {
    auto store = store::OpenStore(args->db);
    if (!store.ok()) {
      std::cerr << "sabt verify: " << store.status().ToString() << "\n";
      return SetExitCode(2);
    }
    auto rep = app::Verify(**store, Printer(args->quiet));
    if (!rep.ok()) {
      std::cerr << "sabt verify: " << rep.status().ToString() << "\n";
      return SetExitCode(2);
    }
    if (!rep->ok) {
      std::cout << "FAIL: " << rep->fault << "\n";
      return SetExitCode(1);
    }
    for (const auto& n : rep->notes) std::cout << n << "\n";
    std::cout << "OK: " << rep->entries << " entries, " << rep->payloads << " payloads, " << rep->tree_heads
              << " tree heads, " << rep->checkpoints << " signed checkpoints, " << rep->rows_compared << " rows match a replay; root " << rep->root_hex << "\n";
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
