// A small blocking HTTP/1.1 client for node-to-node calls (witness, sync)
// and the CLI (`sabt verify-receipt`). http:// only — TLS is terminated by
// a front proxy in deployments. One request per connection
// ("Connection: close"); every call has a deadline.
#pragma once
#include <chrono>
#include <functional>
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

// As Fetch, but the connection is opened first and `prepare` then completes
// the request (its body, headers, timeout) while the TCP handshake is under
// way: on a 2G link the handshake is a round trip of 0.5 s or more, and
// making a sync batch takes about as long (docs/sync-protocol.md §8). An
// error of `prepare` is answered as is, and nothing is sent.
Result<ClientResponse> FetchPrepared(ClientRequest req, const std::function<Status(ClientRequest&)>& prepare);

// Percent-encodes a query value.
std::string UrlEncode(std::string_view s);

}  // namespace sabt::http
