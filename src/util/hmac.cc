#include "util/hmac.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace sabt {
namespace {

std::string Mac(const EVP_MD* md, std::string_view key, std::string_view message) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(md, key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
       message.size(), out, &len);
  return std::string(reinterpret_cast<const char*>(out), len);
}

}  // namespace

std::string HmacSha1(std::string_view key, std::string_view message) { return Mac(EVP_sha1(), key, message); }
std::string HmacSha256(std::string_view key, std::string_view message) { return Mac(EVP_sha256(), key, message); }

}  // namespace sabt
