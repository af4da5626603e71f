#include "http/client_address.h"

#include <arpa/inet.h>

#include <algorithm>

#include <memory>
#include <mutex>

namespace sabt::http {
namespace {

// Raw address bytes (4 or 16); an IPv4-mapped IPv6 address is reduced to IPv4.
std::string AddressBytes(std::string_view text) {
  std::string s(text);
  unsigned char buf[16];
  if (inet_pton(AF_INET, s.c_str(), buf) == 1) return std::string(reinterpret_cast<char*>(buf), 4);
  if (inet_pton(AF_INET6, s.c_str(), buf) == 1) {
    static const unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(kMapped, kMapped + 12, buf)) return std::string(reinterpret_cast<char*>(buf + 12), 4);
    return std::string(reinterpret_cast<char*>(buf), 16);
  }
  return std::string();
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::mutex g_mu;
std::shared_ptr<const TrustedProxies> g_current = std::make_shared<TrustedProxies>();

}  // namespace

Result<TrustedProxies> TrustedProxies::Parse(const std::vector<std::string>& entries) {
  TrustedProxies p;
  for (const auto& e : entries) {
    std::string_view addr = e;
    int prefix = -1;
    if (auto slash = addr.find('/'); slash != std::string_view::npos) {
      std::string bits(addr.substr(slash + 1));
      if (bits.empty() || bits.size() > 3 || bits.find_first_not_of("0123456789") != std::string::npos)
        return Status::Invalid("trusted proxy " + e + ": bad prefix length");
      prefix = std::stoi(bits);
      addr = addr.substr(0, slash);
    }
    Net n;
    n.bytes = AddressBytes(addr);
    if (n.bytes.empty()) return Status::Invalid("trusted proxy " + e + ": not an IP address");
    int max = static_cast<int>(n.bytes.size()) * 8;
    n.prefix = prefix < 0 ? max : prefix;
    if (n.prefix > max) return Status::Invalid("trusted proxy " + e + ": prefix longer than the address");
    p.nets_.push_back(std::move(n));
  }
  return p;
}

bool TrustedProxies::Contains(std::string_view address) const {
  std::string b = AddressBytes(address);
  if (b.empty()) return false;
  for (const auto& n : nets_) {
    if (n.bytes.size() != b.size()) continue;
    int full = n.prefix / 8, rest = n.prefix % 8;
    if (b.compare(0, full, n.bytes, 0, full) != 0) continue;
    if (rest) {
      unsigned char mask = static_cast<unsigned char>(0xff << (8 - rest));
      if ((static_cast<unsigned char>(b[full]) & mask) != (static_cast<unsigned char>(n.bytes[full]) & mask)) continue;
    }
    return true;
  }
  return false;
}

std::string TrustedProxies::ClientFor(const std::string& peer, std::string_view forwarded_for) const {
  if (!Contains(peer)) return peer;
  std::string client = peer;
  // Right to left: each hop was added by the proxy one step closer to us.
  std::string_view rest = forwarded_for;
  while (!rest.empty()) {
    size_t comma = rest.rfind(',');
    std::string_view hop = Trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    if (AddressBytes(hop).empty()) break;  // malformed: keep the last trusted hop
    client = std::string(hop);
    if (!Contains(hop)) break;
  }
  return client;
}

void SetTrustedProxies(TrustedProxies p) {
  std::lock_guard<std::mutex> lock(g_mu);
  g_current = std::make_shared<const TrustedProxies>(std::move(p));
}

const TrustedProxies& CurrentTrustedProxies() {
  std::lock_guard<std::mutex> lock(g_mu);
  // Set once before the server starts and never replaced while it serves.
  return *g_current;
}

}  // namespace sabt::http
