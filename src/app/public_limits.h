// Per-client-address rate limits of the public endpoints (no sign-in):
// status/receipt look-ups and online submissions. The limits come from the
// node configuration (NodeConfig::public_rate_limit, public_submit_limit;
// `sabt serve --public-rate-limit N`); 0 switches a limit off (benchmarks
// only). Thread-safe.
#pragma once
#include <string>

#include "app/app.h"

namespace sabt::app {

// Status page, /api/v1/public/status and /api/v1/public/receipt share one bucket.
bool AllowPublicLookup(const App& app, const std::string& client);
// The public appeal form and POST /api/v1/public/appeals.
bool AllowPublicSubmit(const App& app, const std::string& client);

}  // namespace sabt::app
