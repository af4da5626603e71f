#include "app/public_limits.h"

#include "util/rate_limiter.h"

namespace sabt::app {
namespace {

// One bucket set per process (one node per `sabt serve`); the burst equals
// the per-minute rate.
bool Allow(int per_minute, RateLimiter& limiter, const App& app, const std::string& client) {
  if (per_minute <= 0) return true;
  return limiter.Allow(client, app.clock().NowMillis());
}

}  // namespace

bool AllowPublicLookup(const App& app, const std::string& client) {
  static RateLimiter limiter(app.config().public_rate_limit, app.config().public_rate_limit);
  return Allow(app.config().public_rate_limit, limiter, app, client);
}

bool AllowPublicSubmit(const App& app, const std::string& client) {
  static RateLimiter limiter(app.config().public_submit_limit, app.config().public_submit_limit);
  return Allow(app.config().public_submit_limit, limiter, app, client);
}

}  // namespace sabt::app
