// Unicode text helpers (ICU 72). All functions take and return UTF-8.
//
// Contracts common to every function below:
//  - Thread-safe. ICU objects are created once (static singletons or one
//    clone per thread) and reused; no locking is needed by callers.
//  - Ill-formed UTF-8 never crashes: each ill-formed sequence is replaced by
//    U+FFFD (REPLACEMENT CHARACTER) before processing. Callers that must
//    reject bad input should check IsValidUtf8() first.
//  - Inputs longer than kMaxTextBytes produce an empty string (they are far
//    beyond any field length; ICU indexes strings with int32_t).
//  - Results are NFC unless stated otherwise.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sabt {

inline constexpr size_t kMaxTextBytes = size_t{1} << 28;  // 256 MiB

// True if `s` is well-formed UTF-8 (Unicode Table 3-7: no overlong forms, no
// surrogates, nothing above U+10FFFF). NUL bytes are well-formed.
bool IsValidUtf8(std::string_view s);

// Canonical composition (NFC), e.g. "и" + U+0304 -> "ӣ" (U+04E3).
std::string NormalizeNfc(std::string_view s);

// Canonical form for every user-entered text field:
//  1. control characters (general category Cc) are removed, except that those
//     which are White_Space (tab, LF, CR, ...) count as whitespace;
//     invisible format characters that can hide or reorder text are removed
//     too: soft hyphen, zero-width space, word joiner, BOM/ZWNBSP, LRM/RLM/ALM
//     and the bidi embedding/override/isolate controls. ZWJ/ZWNJ are kept
//     (they carry meaning in Perso-Arabic script);
//  2. leading/trailing Unicode White_Space (incl. NBSP, U+2028...) is trimmed
//     and every inner run of it becomes one U+0020;
//  3. the result is NFC.
// Idempotent: CleanField(CleanField(x)) == CleanField(x).
std::string CleanField(std::string_view s);

// ICU full default case folding (e.g. "Ғ"->"ғ", "Ӣ"->"ӣ", "ß"->"ss"), then
// NFC. Locale-independent (no Turkic dotless-i special case).
std::string FoldCase(std::string_view s);

// Matching key for names and free-text search. Steps:
//  CleanField-style control stripping; full case folding; Tajik letters to
//  their Russian-spelling equivalents (ҳ->х, ҷ->ч, қ->к, ғ->г, ӣ->и, ӯ->у) and
//  the Russian digraph "дж"->"ч" (Джамшед == Ҷамшед); NFD; removal of
//  combining marks (Mn, Me); NFC; whitespace trimmed and collapsed.
// Consequences, by design: "ё"->"е" and "й"->"и" (the breve is a combining
// mark under NFD), Latin accents vanish ("ī"->"i"), Latin folds to lower-case
// ASCII. Example: "Раҳимзода Ғуломов" -> "рахимзода гуломов".
// Not handled: Latin spelling variants (Rahimzoda vs Rakhimzoda), surname
// endings (-зода/-ов/-ev), cross-script matching (Cyrillic vs Latin).
std::string SearchKey(std::string_view s);

// Tajik Cyrillic -> Latin, for display and Latin-script documents. Input is
// NFC-normalized, then custom rules run, then ICU "Cyrillic-Latin" handles
// whatever Cyrillic is left (other languages' letters). Custom mapping
// (capitals likewise; a digraph is all-caps before another capital letter):
//   ҳ h   ҷ j   қ q   ғ gh   ӣ ī   ӯ ū   х kh   ч ch   ш sh   ж zh
//   й y   ё yo  ю yu  я ya   ц ts  щ shch  ы y   ъ '   ь (dropped)
// Other letters map one to one (а a, б b, в v, ... э e).
// Example: "Ҷамшед Раҳимзода, Хуҷанд" -> "Jamshed Rahimzoda, Khujand".
// Non-Cyrillic text passes through unchanged.
std::string TransliterateTajik(std::string_view s);

// Number of Unicode code points; exact for well-formed UTF-8. For ill-formed
// input it counts bytes that are not continuation bytes (10xxxxxx).
size_t Utf8Length(std::string_view s);

// A whole decimal integer ("-12", "0"; no spaces, no "+", no overflow).
bool ParseInt64(std::string_view s, int64_t* out);

}  // namespace sabt
