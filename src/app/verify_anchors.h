// `sabt verify --trusted-key / --witness-key` (docs/verification.md §6,
// "Trust from outside the database"): checks that anchor the audit in keys
// given out of band instead of keys found in the database under audit.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "journal/checkpoint.h"
#include "store/rows.h"

namespace sabt::app {

// A node.key_registered or node.key_rotated entry, in journal order.
struct KeyEvent {
  int64_t idx = 0;
  bool rotation = false;
  VerifierKey key;
  std::string previous_key;  // rotation only: data.previous_key as written
};

// Each returns "" when the check passes, else the fault. `summary` gets one
// line for the report.
std::string CheckTrustedKey(const VerifierKey& trusted, const std::vector<KeyEvent>& events,
                            const std::vector<store::CheckpointRow>& checkpoints, std::string* summary);
std::string CheckWitnessKey(const VerifierKey& witness, const std::vector<store::CheckpointRow>& checkpoints,
                            std::string* summary);

}  // namespace sabt::app
