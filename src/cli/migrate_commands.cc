// sabt migrate --from sqlite:PATH --to postgres://…
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/migrate.h"
#include "cli/commands.h"
#include "journal/node_key.h"
#include "store/store.h"

namespace sabt::cli {
namespace {

struct MigrateArgs {
  std::string from, to, key_to;
  bool quiet = false;
};

Result<std::string> Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Writes the key file with mode 0600 (its directory 0700 when created).
Status WriteKey(const std::string& path, const std::string& bytes) {
  std::error_code ec;
  auto dir = std::filesystem::path(path).parent_path();
  if (!dir.empty() && !std::filesystem::exists(dir)) {
    std::filesystem::create_directories(dir, ec);
    if (ec) return Status::Io("cannot create " + dir.string() + ": " + ec.message());
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
  }
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::Io("cannot write " + tmp);
    out << bytes;
    if (!out.flush()) return Status::Io("cannot write " + tmp);
  }
  ::chmod(tmp.c_str(), 0600);
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Status::Io("cannot rename " + tmp + ": " + ec.message());
  return Status::Ok();
}

int Migrate(const MigrateArgs& a) {
  auto fail = [](const std::string& msg) {
    std::cerr << "sabt migrate: " << msg << "\n";
    return 1;
  };
  bool from_sqlite = a.from.rfind("sqlite:", 0) == 0;
  bool to_pg = a.to.rfind("postgres://", 0) == 0 || a.to.rfind("postgresql://", 0) == 0;
  if (!from_sqlite) return fail("--from must be sqlite:PATH");
  if (!to_pg) return fail("--to must be a postgres:// or postgresql:// URL");
  std::string src_path = a.from.substr(7);
  if (!std::filesystem::exists(src_path)) return fail(src_path + " does not exist");

  // The node key: the same key must sign on the target, so the file is
  // copied next to where a node on the target looks for it. Checked before
  // the database is touched.
  std::string src_key = journal::DefaultKeyPath(a.from, "");
  std::string dst_key = a.key_to.empty() ? journal::DefaultKeyPath(a.to, "") : a.key_to;
  auto key_bytes = Slurp(src_key);
  if (key_bytes.ok() && std::filesystem::exists(dst_key)) {
    auto existing = Slurp(dst_key);
    if (!existing.ok() || *existing != *key_bytes)
      return fail("a different key file already exists at " + dst_key + "; move it away or pass --key-to");
  }

  auto from = store::OpenStore(a.from);
  if (!from.ok()) return fail("cannot open " + a.from + ": " + from.status().ToString());
  auto to = store::OpenStore(a.to);
  if (!to.ok()) return fail("cannot open the target: " + to.status().ToString());
  app::MigrateProgress progress;
  if (!a.quiet) {
    progress = [](const std::string& phase, int64_t done, int64_t total) {
      int pct = total > 0 ? static_cast<int>(done * 100 / total) : 100;
      std::string what = phase == "entries"       ? "entries copied"
                         : phase == "replay"      ? "entries replayed"
                         : phase == "attachments" ? "attachments copied"
                                                  : phase;
      std::cerr << "\r" << what << ": " << done << "/" << total << " (" << pct << "%)        " << std::flush;
      if (done == total) std::cerr << "\n";
    };
  }
  auto rep = app::CopyNode(**from, **to, progress);
  if (!rep.ok()) {
    if (!a.quiet) std::cerr << "\n";
    return fail(rep.status().message() + " (the target transaction was rolled back)");
  }
  std::cout << "migrated " << rep->entries << " entries (" << rep->payloads << " payloads), " << rep->merkle_nodes
            << " Merkle nodes, " << rep->tree_heads << " tree heads, " << rep->checkpoints << " checkpoints, "
            << rep->witness_states << " witness states, " << rep->attachments << " attached files ("
            << rep->attachment_bytes << " bytes); " << rep->rows << " projection rows match\n";
  std::cout << "tree head root " << rep->root_hex << " at size " << rep->entries << " (equal on both sides)\n";
  if (rep->checkpoint_size > 0)
    std::cout << "latest checkpoint: size " << rep->checkpoint_size << ", root " << rep->checkpoint_root_hex
              << " (equal on both sides)\n";
  if (!key_bytes.ok()) {
    std::cerr << "sabt migrate: no node key at " << src_key << ": run `sabt init --db <target>` to make one\n";
    return 0;
  }
  if (!std::filesystem::exists(dst_key)) {
    Status st = WriteKey(dst_key, *key_bytes);
    if (!st.ok())
      return fail("the database is migrated, but the key file could not be copied: " + st.message() + "; copy " +
                  src_key + " to " + dst_key + " (mode 0600)");
  }
  std::cout << "node key: " << src_key << " -> " << dst_key << "\n";
  return 0;
}

}  // namespace

void RegisterMigrateCommands(CLI::App& cli) {
  auto args = std::make_shared<MigrateArgs>();
  auto* m = cli.add_subcommand(
      "migrate",
      "Copy a node from SQLite into an empty PostgreSQL database in one transaction: journal, payloads, Merkle "
      "nodes, tree heads, checkpoints, witness state, and the tables (replayed). Refuses a non-empty target and "
      "rolls back unless the latest tree head, checkpoint and every table are equal on both sides. The node key "
      "file is copied to where a node on the target looks for it (`sabt key path --db <target>`).");
  m->add_option("--from", args->from, "Source: sqlite:PATH (may be in use by a running node)")->required();
  m->add_option("--to", args->to,
                "Target: postgres://ROLE@HOST:PORT/DB (an empty database; the owner URL comes from SABT_PG_OWNER_URL)")
      ->required();
  m->add_option("--key-to", args->key_to, "Where to copy the node key file (default: the target's key path)");
  m->add_flag("--quiet", args->quiet, "No progress output");
  m->callback([args] { SetExitCode(Migrate(*args)); });
}

}  // namespace sabt::cli
