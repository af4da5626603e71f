// sabt backup --db sqlite:PATH --to FILE
#include <sys/stat.h>

#include <filesystem>
#include <iostream>

#include "app/verify.h"
#include "cli/commands.h"
#include "journal/node_key.h"
#include "store/store.h"

namespace sabt::cli {
namespace {

struct BackupArgs {
  std::string db = DefaultDb();
  std::string to;
  bool quiet = false;
};

int Backup(const BackupArgs& a) {
  auto fail = [](const std::string& msg) {
    std::cerr << "sabt backup: " << msg << "\n";
    return 1;
  };
  if (a.db.rfind("postgres://", 0) == 0 || a.db.rfind("postgresql://", 0) == 0)
    return fail("a PostgreSQL node is backed up with pg_basebackup (see docs/operations.md, \"Backup\")");
  std::string path = a.db.rfind("sqlite:", 0) == 0 ? a.db.substr(7) : a.db;
  if (!std::filesystem::exists(path)) return fail(path + " does not exist");
  if (std::filesystem::exists(a.to)) return fail(a.to + " already exists; a backup never overwrites a file");
  auto s = store::OpenStore("sqlite:" + path);
  if (!s.ok()) return fail("cannot open " + a.db + ": " + s.status().ToString());
  Status st = (*s)->BackupTo(a.to, [&](int64_t done, int64_t total) {
    if (a.quiet) return;
    int pct = total > 0 ? static_cast<int>(done * 100 / total) : 100;
    std::cerr << "\rbackup: " << done << "/" << total << " pages (" << pct << "%)        " << std::flush;
  });
  if (!a.quiet) std::cerr << "\n";
  if (!st.ok()) return fail(st.message());

  // The copy must open and verify on its own.
  auto copy = store::OpenStore("sqlite:" + a.to);
  if (!copy.ok()) return fail("the copy " + a.to + " does not open: " + copy.status().ToString());
  auto rep = app::Verify(**copy, a.quiet ? app::Progress() : [](const std::string& phase, int64_t d, int64_t t) {
    std::cerr << "\rverify copy, " << phase << ": " << d << "/" << t << "        " << std::flush;
    if (d == t) std::cerr << "\n";
  });
  if (!rep.ok()) return fail("cannot verify the copy: " + rep.status().ToString());
  if (!rep->ok) return fail("the copy " + a.to + " does not verify: " + rep->fault);
  std::cout << "backup " << a.to << ": OK, " << rep->entries << " entries, root " << rep->root_hex << "\n";

  // The node key, so that a restored node signs with the same key.
  std::string key = journal::DefaultKeyPath(a.db, "");
  std::string key_copy = journal::DefaultKeyPath("sqlite:" + a.to, "");
  if (std::filesystem::exists(key)) {
    std::error_code ec;
    std::filesystem::copy_file(key, key_copy, std::filesystem::copy_options::overwrite_existing, ec);
    if (ec) return fail("the database is backed up, but the key file was not copied: " + ec.message());
    ::chmod(key_copy.c_str(), 0600);
    std::cout << "node key: " << key_copy << " (mode 0600: keep it as secret as the original)\n";
  }
  return 0;
}

}  // namespace

void RegisterBackupCommands(CLI::App& cli) {
  auto args = std::make_shared<BackupArgs>();
  auto* b = cli.add_subcommand(
      "backup",
      "Copy a SQLite node into a new file while it runs (SQLite online backup: one consistent snapshot), then "
      "check that the copy opens and verifies. The node key is copied to FILE.key.");
  b->add_option("--db", args->db, "Database: sqlite:PATH")->capture_default_str();
  b->add_option("--to", args->to, "The backup file to create (must not exist)")->required();
  b->add_flag("--quiet", args->quiet, "No progress output");
  b->callback([args] { SetExitCode(Backup(*args)); });
}

}  // namespace sabt::cli
