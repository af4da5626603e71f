// What kind of file an upload really is, from its first bytes (never from
// its name or the Content-Type the client sent). Pure.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace sabt::domain {

// The largest attachment accepted: 20 MiB.
constexpr size_t kMaxAttachmentBytes = size_t{20} << 20;

// "image/jpeg", "image/png", "application/pdf", "image/tiff", "image/webp",
// or "" when the content is none of the accepted kinds.
std::string SniffAttachmentType(std::string_view bytes);

// A file name safe to show and to put in Content-Disposition: the last path
// component, control characters and quotes removed, at most 200 bytes; a
// default when nothing is left.
std::string SafeFileName(std::string_view name, std::string_view mime);

}  // namespace sabt::domain
