#include "app/sync_challenge.h"

#include <sodium.h>

#include <charconv>

#include "util/hex.h"
#include "util/random.h"

namespace sabt::app {

PullChallenges::PullChallenges() : key_(RandomBytes(crypto_auth_hmacsha256_KEYBYTES)) {}

std::string PullChallenges::Mac(const std::string& text) const {
  unsigned char out[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256(out, reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                         reinterpret_cast<const unsigned char*>(key_.data()));
  return HexEncode(std::string_view(reinterpret_cast<const char*>(out), sizeof(out)));
}

std::string PullChallenges::Issue(int64_t now_ms) const {
  std::string text = std::to_string(now_ms + kTtlMs) + "." + HexEncode(RandomBytes(16));
  return text + "." + Mac(text);
}

bool PullChallenges::Genuine(const std::string& challenge, int64_t now_ms) const {
  size_t dot = challenge.rfind('.');
  if (dot == std::string::npos || challenge.size() > 200) return false;
  std::string text = challenge.substr(0, dot), mac = challenge.substr(dot + 1);
  std::string want = Mac(text);
  if (mac.size() != want.size() || sodium_memcmp(mac.data(), want.data(), want.size()) != 0) return false;
  int64_t expiry = 0;
  size_t first = text.find('.');
  if (first == std::string::npos || first == 0) return false;
  auto [p, ec] = std::from_chars(text.data(), text.data() + first, expiry);
  if (ec != std::errc() || p != text.data() + first) return false;
  return expiry >= now_ms && expiry <= now_ms + kTtlMs;
}

PullChallenges::Redeemed PullChallenges::Redeem(const std::string& device, const std::string& challenge,
                                                int64_t now_ms) {
  if (!Genuine(challenge, now_ms)) return Redeemed::kBad;
  std::lock_guard<std::mutex> lock(mu_);
  auto& mine = used_[device];
  for (auto it = mine.begin(); it != mine.end();) it = it->second < now_ms ? mine.erase(it) : ++it;
  if (mine.count(challenge)) return Redeemed::kReused;
  if (mine.size() >= kMaxLivePerDevice) return Redeemed::kTooMany;
  mine[challenge] = now_ms + kTtlMs;
  return Redeemed::kOk;
}

PullChallenges& ProcessPullChallenges() {
  static PullChallenges challenges;
  return challenges;
}

}  // namespace sabt::app
