#include "http/client.h"

#include <asio.hpp>

#include <algorithm>
#include <cctype>

namespace sabt::http {
namespace {

struct Url {
  std::string host, port = "80", target = "/";
};

Result<Url> ParseUrl(const std::string& url) {
  const std::string scheme = "http://";
  if (url.compare(0, scheme.size(), scheme) != 0) return Status::Invalid("only http:// URLs are supported: " + url);
  Url u;
  std::string rest = url.substr(scheme.size());
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  if (slash != std::string::npos) u.target = rest.substr(slash);
  size_t colon = authority.rfind(':');
  if (colon != std::string::npos) {
    u.host = authority.substr(0, colon);
    u.port = authority.substr(colon + 1);
  } else {
    u.host = authority;
  }
  if (u.host.empty() || u.port.empty()) return Status::Invalid("bad URL " + url);
  return u;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

}  // namespace

std::string UrlEncode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

Result<ClientResponse> Fetch(const ClientRequest& req) { return FetchPrepared(req, nullptr); }

Result<ClientResponse> FetchPrepared(ClientRequest req, const std::function<Status(ClientRequest&)>& prepare) {
  auto url = ParseUrl(req.url);
  if (!url.ok()) return url.status();
  asio::io_context io;
  asio::ip::tcp::socket sock(io);
  asio::ip::tcp::resolver resolver(io);
  std::string wire;

  std::string raw;
  asio::error_code failure;
  bool finished = false;
  std::array<char, 16384> buf;
  std::function<void()> read_more = [&] {
    sock.async_read_some(asio::buffer(buf), [&](const asio::error_code& ec, size_t n) {
      raw.append(buf.data(), n);
      if (raw.size() > req.max_response) {
        failure = asio::error::message_size;
        finished = true;
        return;
      }
      if (ec == asio::error::eof) {
        finished = true;
        return;
      }
      if (ec) {
        failure = ec;
        finished = true;
        return;
      }
      read_more();
    });
  };
  auto connected = [&](const asio::error_code& ec2, const asio::ip::tcp::endpoint&) {
    if (ec2) {
      failure = ec2;
      finished = true;
      return;
    }
    asio::async_write(sock, asio::buffer(wire), [&](const asio::error_code& ec3, size_t) {
      if (ec3) {
        failure = ec3;
        finished = true;
        return;
      }
      read_more();
    });
  };
  if (prepare) {
    // Connect now (the SYN leaves at once), then let the caller finish the
    // request while the handshake runs; the write waits for both.
    asio::error_code ec;
    auto endpoints = resolver.resolve(url->host, url->port, ec);
    if (ec) return Status::Unavailable(req.url + ": " + ec.message());
    asio::async_connect(sock, endpoints, connected);
    Status st = prepare(req);
    if (!st.ok()) return st;
  } else {
    resolver.async_resolve(url->host, url->port,
                           [&](const asio::error_code& ec, asio::ip::tcp::resolver::results_type r) {
                             if (ec) {
                               failure = ec;
                               finished = true;
                               return;
                             }
                             asio::async_connect(sock, r, connected);
                           });
  }
  wire = req.method + " " + url->target + " HTTP/1.1\r\nHost: " + url->host + ":" + url->port +
         "\r\nConnection: close\r\nContent-Length: " + std::to_string(req.body.size()) + "\r\n";
  for (const auto& [k, v] : req.headers) wire += k + ": " + v + "\r\n";
  wire += "\r\n" + req.body;
  io.run_for(req.timeout);
  if (!finished) return Status::Unavailable("timeout after " + std::to_string(req.timeout.count()) + " ms: " + req.url);
  if (failure) return Status::Unavailable(req.url + ": " + failure.message());

  ClientResponse resp;
  size_t head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos || raw.compare(0, 5, "HTTP/") != 0)
    return Status::Invalid("malformed HTTP response from " + req.url);
  size_t sp = raw.find(' ');
  try {
    resp.status = std::stoi(raw.substr(sp + 1, 3));
  } catch (const std::exception&) {
    return Status::Invalid("malformed status line from " + req.url);
  }
  size_t pos = raw.find("\r\n") + 2;
  while (pos < head_end) {
    size_t eol = raw.find("\r\n", pos);
    std::string line = raw.substr(pos, eol - pos);
    size_t colon = line.find(':');
    if (colon != std::string::npos) {
      std::string v = line.substr(colon + 1);
      v.erase(0, v.find_first_not_of(' '));
      resp.headers[Lower(line.substr(0, colon))] = v;
    }
    pos = eol + 2;
  }
  resp.body = raw.substr(head_end + 4);
  auto te = resp.headers.find("transfer-encoding");
  if (te != resp.headers.end() && Lower(te->second).find("chunked") != std::string::npos) {
    std::string decoded, &b = resp.body;
    size_t p = 0;
    for (;;) {
      size_t eol = b.find("\r\n", p);
      if (eol == std::string::npos) return Status::Invalid("bad chunked body from " + req.url);
      size_t len = std::stoul(b.substr(p, eol - p), nullptr, 16);
      if (len == 0) break;
      decoded += b.substr(eol + 2, len);
      p = eol + 2 + len + 2;
    }
    resp.body = std::move(decoded);
  }
  return resp;
}

}  // namespace sabt::http
