// zstd frames for sync batches (docs/sync-protocol.md §3).
#pragma once
#include <string>
#include <string_view>

#include "util/status.h"

namespace sabt {

std::string ZstdCompress(std::string_view raw, int level);
// Invalid when the input is not one zstd frame or decompresses to more than max_size bytes.
Result<std::string> ZstdDecompress(std::string_view frame, size_t max_size);

}  // namespace sabt
