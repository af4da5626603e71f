#include "util/zstd.h"

#include <zstd.h>

namespace sabt {

std::string ZstdCompress(std::string_view raw, int level) {
  std::string out(ZSTD_compressBound(raw.size()), '\0');
  size_t n = ZSTD_compress(out.data(), out.size(), raw.data(), raw.size(), level);
  if (ZSTD_isError(n)) return {};  // cannot happen with a bound-sized buffer
  out.resize(n);
  return out;
}

Result<std::string> ZstdDecompress(std::string_view frame, size_t max_size) {
  unsigned long long size = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN) return Status::Invalid("not a zstd frame");
  if (size > max_size) return Status::Invalid("zstd frame too large");
  std::string out(static_cast<size_t>(size), '\0');
  size_t n = ZSTD_decompress(out.data(), out.size(), frame.data(), frame.size());
  if (ZSTD_isError(n) || n != size) return Status::Invalid("corrupt zstd frame");
  return out;
}

}  // namespace sabt
