// RFC 8785 JSON Canonicalization Scheme (JCS) for nlohmann::json values.
//
// Canonical form, as the journal needs it (docs/journal-format.md §1):
//   - no insignificant whitespace;
//   - object members sorted by their names as arrays of UTF-16 code units;
//   - strings: only '"', '\\' and the control characters U+0000..U+001F are
//     escaped, as \b \f \n \r \t or \u00xx (lower-case hex); everything else,
//     including '/', DEL and non-ASCII, is emitted as raw UTF-8;
//   - numbers: the ECMAScript Number::toString form (ES2019 §7.1.12.1), e.g.
//     4.50 -> 4.5, 1e21 -> 1e+21, 1e-7 -> 1e-7, 0.000001 -> 0.000001, -0 -> 0.
//
// Returns Status::Invalid (never throws) for values that have no canonical
// form: NaN or infinite numbers, strings or member names that are not
// well-formed UTF-8 (RFC 3629: no overlongs, no surrogates), nlohmann binary
// or discarded values, nesting deeper than kMaxJcsDepth, and integers whose
// magnitude exceeds 2^53. The last restriction is deliberate: JCS treats every
// number as an IEEE-754 double, so a larger integer either changes value when
// a verifier in another language re-canonicalises it or needs exponent form;
// we refuse it instead of letting two implementations disagree. Integers of
// magnitude <= 2^53 print as plain decimal digits (identical to JCS output).
//
// Pure and thread-safe.
#pragma once
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace sabt {

inline constexpr int kMaxJcsDepth = 256;

Result<std::string> Canonicalize(const nlohmann::json& value);

// The ECMAScript Number-to-String conversion of a finite double, as used by
// Canonicalize for floating-point values. Invalid for NaN and infinities.
Result<std::string> FormatJcsNumber(double value);

// True iff `text` is well-formed UTF-8 (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF). JCS requires it of every string; other
// text formats (signed notes) reuse it.
bool IsWellFormedUtf8(std::string_view text);

}  // namespace sabt
