// `sabt migrate`: copies a node from one store to another (SQLite to
// PostgreSQL) in ONE transaction on the target: journal entries with their
// payloads, Merkle nodes, tree heads, signed checkpoints, witness state and
// the attached files (bytes included),
// then the projection tables by replaying the copied journal with the same
// projector that `sabt rebuild` uses. Before committing it checks that
//  * every leaf hash recomputes from its entry bytes, and the root of the
//    copied leaves equals the source's latest tree head root,
//  * the target's latest tree head and latest checkpoint (size and root)
//    equal the source's,
//  * every projection table of the target equals the source's, row by row;
// otherwise it rolls back and the target stays as it was. A target that
// already holds a journal, checkpoints or projection rows is refused before
// anything is written. Sessions are not copied (users sign in again).
// The node key file is copied by the CLI (cli/migrate_commands.cc).
#pragma once
#include <functional>
#include <string>

#include "store/store.h"

namespace sabt::app {

struct MigrateReport {
  int64_t entries = 0, payloads = 0, merkle_nodes = 0, tree_heads = 0, checkpoints = 0, witness_states = 0;
  int64_t rows = 0;  // projection rows compared
  int64_t attachments = 0, attachment_bytes = 0;  // attached files copied
  std::string root_hex, checkpoint_root_hex;
  int64_t checkpoint_size = 0;
};

using MigrateProgress = std::function<void(const std::string& phase, int64_t done, int64_t total)>;

Result<MigrateReport> CopyNode(store::Store& from, store::Store& to, const MigrateProgress& progress = nullptr);

}  // namespace sabt::app
