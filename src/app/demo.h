// `sabt demo`: fills an empty node with clearly marked demo data — the pilot
// departments, the default reference lists, one user per role (and a desk
// officer per pilot district) with printed passwords, and a few hundred
// plausible appeals with Tajik names. The content (names, texts, dates,
// passwords, TOTP secrets) is a pure function of the seed; ids, salts and verification
// codes are random, as in real use.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "app/app.h"

namespace sabt::app {

struct DemoOptions {
  uint64_t seed = 20261127;
  int appeals = 300;
  // Also crime reports and cases in every state, trips, online submissions
  // waiting and overdue appeals (app/demo/fill.h).
  bool fill = true;
  std::function<void(int done, int total)> progress;  // may be empty
};

struct DemoLogin {
  std::string username, password, role, department;
  std::string totp_uri;  // otpauth:// URI of the demo TOTP secret; empty for roles without one
};

// Fails with kConflict when the node already has departments.
Result<std::vector<DemoLogin>> GenerateDemo(App& app, const DemoOptions& opts);

// Loads the default reference lists (channels, appeal categories) shipped in
// data/ when the node has none. Used by `sabt init` and `sabt demo`.
Status LoadDefaultReference(App& app);

}  // namespace sabt::app
