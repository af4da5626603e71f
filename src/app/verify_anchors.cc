#include "app/verify_anchors.h"

#include <algorithm>

#include "journal/cosignature.h"

namespace sabt::app {
namespace {

const std::string kDash = "\xE2\x80\x94 ";  // U+2014 and a space

bool SameKey(const VerifierKey& a, const VerifierKey& b) {
  return a.name == b.name && a.public_key == b.public_key;
}

bool SignedBy(const store::CheckpointRow& c, const VerifierKey& k) {
  auto cp = VerifyNote(c.note, k.name, k.public_key);
  return cp.ok() && static_cast<int64_t>(cp->size) == c.size && cp->root == c.root;
}

std::string Size(const store::CheckpointRow& c) { return "checkpoint of size " + std::to_string(c.size); }

}  // namespace

std::string CheckTrustedKey(const VerifierKey& trusted, const std::vector<KeyEvent>& events,
                            const std::vector<store::CheckpointRow>& checkpoints, std::string* summary) {
  const std::string what = "trusted key " + trusted.name + ": ";
  std::vector<VerifierKey> chain;
  for (const auto& ev : events) {
    if (ev.key.name != trusted.name) continue;  // another node's key (an enrolled device)
    const std::string at = "entry " + std::to_string(ev.idx) + " ";
    if (chain.empty()) {
      if (ev.rotation) return what + at + "rotates a key before any key was registered";
      if (!SameKey(ev.key, trusted))
        return what + "the journal's key history starts at another key (" + at + "registers " +
               EncodeVerifierKey(ev.key.name, ev.key.public_key) + ")";
      chain.push_back(ev.key);
      continue;
    }
    if (!ev.rotation) return what + at + "registers a second key without a rotation";
    auto previous = ParseVerifierKey(ev.previous_key);
    if (!previous.ok() || !SameKey(*previous, chain.back()))
      return what + at + "rotates from a key that is not the one in force";
    bool covered = false;
    for (const auto& c : checkpoints)
      if (c.size > ev.idx && SignedBy(c, chain.back())) {
        covered = true;
        break;
      }
    if (!covered) return what + at + "(rotation) is not covered by a checkpoint signed by the previous key";
    chain.push_back(ev.key);
  }
  if (chain.empty()) return what + "the journal registers no key of this name";
  for (const auto& c : checkpoints) {
    if (c.note.substr(0, c.note.find('\n')) != trusted.name) continue;
    bool ok = false;
    for (const auto& k : chain) ok = ok || SignedBy(c, k);
    if (!ok) return what + Size(c) + " is not signed by a key of the trusted chain";
  }
  *summary = what + "the key history starts there (" + std::to_string(chain.size()) + " key" +
             (chain.size() == 1 ? "" : "s") + " in the chain)";
  return "";
}

std::string CheckWitnessKey(const VerifierKey& witness, const std::vector<store::CheckpointRow>& checkpoints,
                            std::string* summary) {
  const std::string what = "witness " + witness.name + ": ";
  const std::string prefix = kDash + witness.name + " ";
  int64_t cosigned = 0, largest = 0;
  for (const auto& c : checkpoints) {
    size_t sep = c.note.find("\n\n");
    if (sep == std::string::npos || c.note.find("\n" + prefix, sep) == std::string::npos) continue;
    auto ts = VerifyCosignature(c.note, witness.name, witness.public_key);
    if (!ts.ok()) return what + Size(c) + ": " + ts.status().message();
    ++cosigned;
    largest = std::max(largest, c.size);
  }
  if (cosigned == 0) return what + "no stored checkpoint is cosigned by this witness";
  *summary = what + std::to_string(cosigned) + " checkpoint" + (cosigned == 1 ? "" : "s") + " cosigned by " +
             witness.name + " up to size " + std::to_string(largest);
  return "";
}

}  // namespace sabt::app
