// A small blocking HTTP/1.1 client for node-to-node calls (witness, sync)
// and the CLI (`sabt verify-receipt`). http:// only — TLS is terminated by
// a front proxy in deployments. One request per connection
// ("Connection: close"); every call has a deadline.
#pragma once
#include <chrono>
#include <map>
#include <string>

#include "util/status.h"

namespace sabt::http {

struct ClientResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

struct ClientRequest {
  std::string method = "GET";
  std::string url;  // http://host:port/path?query
  std::map<std::string, std::string> headers;
  std::string body;
  std::chrono::milliseconds timeout{10000};
  size_t max_response = 64 << 20;
};

// kUnavailable when the peer cannot be reached or the deadline passes;
// kInvalid for a malformed URL or response. Any HTTP status is a success here.
Result<ClientResponse> Fetch(const ClientRequest& req);

// Percent-encodes a query value.
std::string UrlEncode(std::string_view s);

}  // namespace sabt::http
