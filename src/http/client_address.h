// The client address that per-address limits key on (docs/security.md,
// "Client address behind a reverse proxy"): the TCP peer, unless the peer is
// a configured trusted proxy; then X-Forwarded-For is walked from the right,
// past trusted proxies, to the first untrusted address.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace sabt::http {

class TrustedProxies {
 public:
  // Entries: "10.0.0.1", "::1", "10.0.0.0/8", "fd00::/8".
  static Result<TrustedProxies> Parse(const std::vector<std::string>& entries);
  bool Contains(std::string_view address) const;
  bool empty() const { return nets_.empty(); }

  // The client address for a peer and the raw X-Forwarded-For header value.
  std::string ClientFor(const std::string& peer, std::string_view forwarded_for) const;

 private:
  struct Net {
    std::string bytes;  // 4 or 16 bytes
    int prefix = 0;
  };
  std::vector<Net> nets_;
};

// Set once at start (http::Serve) from NodeConfig::trusted_proxies.
void SetTrustedProxies(TrustedProxies p);
const TrustedProxies& CurrentTrustedProxies();

}  // namespace sabt::http
