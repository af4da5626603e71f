// A fast path for the commonest case of verify's per-entry check (docs/
// journal-format.md §6.1): one scan over the entry bytes that proves they are
// already in canonical form (RFC 8785 as util/jcs.h produces it) and lifts
// the header fields out of them, so only `data` is parsed into JSON.
//
// It answers true only when it is certain: then Canonicalize(parse(bytes))
// equals bytes, and *view / *commitment are exactly what EntryFromJson and
// the entry's "payload" field give. For anything unusual (escapes other than
// control characters, non-integer or long numbers, keys that need UTF-16
// ordering care, missing or non-string header fields, v other than 1) it
// answers false, and the caller takes the full parse, whose verdict and
// message are authoritative. Pure and thread-safe.
#pragma once
#include <string>
#include <string_view>

#include "app/projector.h"

namespace sabt::app::verify {

bool FastEntry(std::string_view bytes, int64_t idx, EntryView* view, std::string* commitment);

// Only the canonical-form half (exposed for tests).
bool CertainlyCanonical(std::string_view bytes);

}  // namespace sabt::app::verify
