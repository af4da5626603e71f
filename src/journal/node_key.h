// The node's Ed25519 signing key, kept in a file of mode 0600 as a C2SP
// signer key string (docs/verification.md §1). The key's name is the log
// origin line, e.g. "sabt/central".
#pragma once
#include <string>

#include "journal/checkpoint.h"

namespace sabt::journal {

struct NodeKey {
  std::string name;
  Ed25519Key key;
  std::string VerifierKey() const { return EncodeVerifierKey(name, key.public_key()); }
};

// Reads the key file. kNotFound when it does not exist; kInvalid when it is
// not a signer key; kDenied when its mode allows group/other access.
Result<NodeKey> LoadNodeKey(const std::string& path);
// Creates a new key file (mode 0600, never overwriting). kConflict if it exists.
Result<NodeKey> CreateNodeKey(const std::string& path, const std::string& name);
// Writes a given key to a new file, like CreateNodeKey (enrolment makes the
// key before the parent names it).
Result<NodeKey> SaveNodeKey(const std::string& path, const NodeKey& key);

// Where the key lives by default: "<sqlite path>.key"; for PostgreSQL nodes
// "$SABT_KEY_DIR (else ~/.local/state/sabt)/<host_port_db>-<origin>.key".
std::string DefaultKeyPath(const std::string& db_url, const std::string& origin);

}  // namespace sabt::journal
