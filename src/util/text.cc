#include "util/text.h"

#include <charconv>

#include <unicode/normalizer2.h>
#include <unicode/parseerr.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>

#include <cstdint>
#include <memory>

namespace sabt {
namespace {

// Returns false (and leaves `out` empty) for oversized input.
bool ToUnicode(std::string_view s, icu::UnicodeString* out) {
  if (s.size() > kMaxTextBytes) return false;
  // fromUTF8 replaces each ill-formed sequence with U+FFFD.
  *out = icu::UnicodeString::fromUTF8(
      icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  return true;
}

std::string ToUtf8(const icu::UnicodeString& u) {
  std::string out;
  u.toUTF8String(out);
  return out;
}

// Static singletons owned by ICU; their const methods are thread-safe.
const icu::Normalizer2& Nfc() {
  static const icu::Normalizer2* n = [] {
    UErrorCode st = U_ZERO_ERROR;
    return icu::Normalizer2::getNFCInstance(st);
  }();
  return *n;
}

const icu::Normalizer2& Nfd() {
  static const icu::Normalizer2* n = [] {
    UErrorCode st = U_ZERO_ERROR;
    return icu::Normalizer2::getNFDInstance(st);
  }();
  return *n;
}

icu::UnicodeString Normalize(const icu::Normalizer2& n, const icu::UnicodeString& u) {
  UErrorCode st = U_ZERO_ERROR;
  icu::UnicodeString out = n.normalize(u, st);
  return U_SUCCESS(st) ? out : u;
}

// Invisible format characters that can hide or reorder text (see text.h).
bool IsStrippedFormatChar(UChar32 c) {
  return c == 0x00AD || c == 0x061C || c == 0x180E || c == 0x200B || c == 0x200E ||
         c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x2064) ||
         (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF;
}

// Removes controls and hidden format characters, trims White_Space and
// collapses each inner run of it to one U+0020. No normalization.
icu::UnicodeString StripAndCollapse(const icu::UnicodeString& in) {
  icu::UnicodeString out;
  bool pending_space = false;
  for (int32_t i = 0; i < in.length();) {
    UChar32 c = in.char32At(i);
    i += U16_LENGTH(c);
    if (u_isUWhiteSpace(c)) {
      if (!out.isEmpty()) pending_space = true;
      continue;
    }
    if (u_charType(c) == U_CONTROL_CHAR || IsStrippedFormatChar(c)) continue;
    if (pending_space) {
      out.append(static_cast<UChar>(0x20));
      pending_space = false;
    }
    out.append(c);
  }
  return out;
}

icu::UnicodeString FoldU(const icu::UnicodeString& in) {
  icu::UnicodeString out(in);
  out.foldCase(U_FOLD_CASE_DEFAULT);
  return out;
}

// Maps folded (lower-case) Tajik letters to the Russian-spelling letters and
// "дж" to "ч".
icu::UnicodeString TajikToRussianLetters(const icu::UnicodeString& in) {
  icu::UnicodeString out;
  for (int32_t i = 0; i < in.length();) {
    UChar32 c = in.char32At(i);
    i += U16_LENGTH(c);
    switch (c) {
      case 0x04B3: c = 0x0445; break;  // ҳ -> х
      case 0x04B7: c = 0x0447; break;  // ҷ -> ч
      case 0x049B: c = 0x043A; break;  // қ -> к
      case 0x0493: c = 0x0433; break;  // ғ -> г
      case 0x04E3: c = 0x0438; break;  // ӣ -> и
      case 0x04EF: c = 0x0443; break;  // ӯ -> у
      case 0x0434:                     // д
        if (i < in.length() && in.charAt(i) == 0x0436) {  // ж
          c = 0x0447;                                      // дж -> ч
          ++i;
        }
        break;
      default: break;
    }
    out.append(c);
  }
  return out;
}

icu::UnicodeString RemoveMarks(const icu::UnicodeString& in) {
  icu::UnicodeString out;
  for (int32_t i = 0; i < in.length();) {
    UChar32 c = in.char32At(i);
    i += U16_LENGTH(c);
    int8_t type = u_charType(c);
    if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK) continue;
    out.append(c);
  }
  return out;
}

// Rules run after NFC and before ICU's Cyrillic-Latin. `$U` is any capital:
// a capital digraph letter followed by a capital is written all-caps.
constexpr char16_t kTajikLatinRules[] =
    u":: NFC ;\n"
    u"$U = [:Lu:] ;\n"
    u"ҳ > h ; Ҳ > H ;\n"
    u"ҷ > j ; Ҷ > J ;\n"
    u"қ > q ; Қ > Q ;\n"
    u"ғ > gh ; Ғ } $U > GH ; Ғ > Gh ;\n"
    u"ӣ > ī ; Ӣ > Ī ;\n"
    u"ӯ > ū ; Ӯ > Ū ;\n"
    u"х > kh ; Х } $U > KH ; Х > Kh ;\n"
    u"ч > ch ; Ч } $U > CH ; Ч > Ch ;\n"
    u"ш > sh ; Ш } $U > SH ; Ш > Sh ;\n"
    u"ж > zh ; Ж } $U > ZH ; Ж > Zh ;\n"
    u"щ > shch ; Щ } $U > SHCH ; Щ > Shch ;\n"
    u"ц > ts ; Ц } $U > TS ; Ц > Ts ;\n"
    u"ё > yo ; Ё } $U > YO ; Ё > Yo ;\n"
    u"ю > yu ; Ю } $U > YU ; Ю > Yu ;\n"
    u"я > ya ; Я } $U > YA ; Я > Ya ;\n"
    u"й > y ; Й > Y ;\n"
    u"ы > y ; Ы > Y ;\n"
    u"э > e ; Э > E ;\n"
    u"ъ > \\' ; Ъ > \\' ;\n"
    u"ь > ; Ь > ;\n"
    u":: Cyrillic-Latin ;\n"
    u":: NFC ;\n";

// The compiled rules, built once; never destroyed (avoids exit-time order
// problems). Null if the rules failed to compile (a programming error, caught
// by the unit tests).
const icu::Transliterator* TajikLatinPrototype() {
  static const icu::Transliterator* proto = []() -> const icu::Transliterator* {
    UErrorCode st = U_ZERO_ERROR;
    UParseError pe;
    icu::Transliterator* t = icu::Transliterator::createFromRules(
        icu::UnicodeString(u"sabt-Tajik-Latin"), icu::UnicodeString(kTajikLatinRules),
        UTRANS_FORWARD, pe, st);
    if (U_FAILURE(st)) {
      delete t;
      return nullptr;
    }
    return t;
  }();
  return proto;
}

// ICU transliterators must not be used by two threads at once: one clone per
// thread.
icu::Transliterator* TajikLatin() {
  thread_local std::unique_ptr<icu::Transliterator> t(
      TajikLatinPrototype() != nullptr ? TajikLatinPrototype()->clone() : nullptr);
  return t.get();
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size();
  size_t i = 0;
  auto cont = [&](size_t k, unsigned char lo, unsigned char hi) {
    return i + k < n && p[i + k] >= lo && p[i + k] <= hi;
  };
  while (i < n) {
    unsigned char b = p[i];
    if (b < 0x80) {
      ++i;
    } else if (b >= 0xC2 && b <= 0xDF) {
      if (!cont(1, 0x80, 0xBF)) return false;
      i += 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      unsigned char lo = b == 0xE0 ? 0xA0 : 0x80;  // no overlong forms
      unsigned char hi = b == 0xED ? 0x9F : 0xBF;  // no surrogates
      if (!cont(1, lo, hi) || !cont(2, 0x80, 0xBF)) return false;
      i += 3;
    } else if (b >= 0xF0 && b <= 0xF4) {
      unsigned char lo = b == 0xF0 ? 0x90 : 0x80;  // no overlong forms
      unsigned char hi = b == 0xF4 ? 0x8F : 0xBF;  // <= U+10FFFF
      if (!cont(1, lo, hi) || !cont(2, 0x80, 0xBF) || !cont(3, 0x80, 0xBF)) return false;
      i += 4;
    } else {
      return false;
    }
  }
  return true;
}

std::string NormalizeNfc(std::string_view s) {
  icu::UnicodeString u;
  if (!ToUnicode(s, &u)) return {};
  return ToUtf8(Normalize(Nfc(), u));
}

std::string CleanField(std::string_view s) {
  icu::UnicodeString u;
  if (!ToUnicode(s, &u)) return {};
  // Strip first so that removing a control between a base letter and a
  // combining mark still yields the composed form. NFC cannot create
  // whitespace or controls, so the result stays trimmed.
  return ToUtf8(Normalize(Nfc(), StripAndCollapse(u)));
}

std::string FoldCase(std::string_view s) {
  icu::UnicodeString u;
  if (!ToUnicode(s, &u)) return {};
  return ToUtf8(Normalize(Nfc(), FoldU(u)));
}

std::string SearchKey(std::string_view s) {
  icu::UnicodeString u;
  if (!ToUnicode(s, &u)) return {};
  // Fold before NFD: full folding may itself produce combining marks
  // (e.g. U+0130 -> "i" + U+0307), which are then removed.
  icu::UnicodeString key = TajikToRussianLetters(FoldU(StripAndCollapse(u)));
  key = RemoveMarks(Normalize(Nfd(), key));
  // Removing a lone mark may leave two spaces side by side: collapse last.
  return ToUtf8(StripAndCollapse(Normalize(Nfc(), key)));
}

std::string TransliterateTajik(std::string_view s) {
  icu::UnicodeString u;
  if (!ToUnicode(s, &u)) return {};
  icu::Transliterator* t = TajikLatin();
  if (t == nullptr) return ToUtf8(Normalize(Nfc(), u));  // rules failed to build
  t->transliterate(u);
  return ToUtf8(u);
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char b : s) {
    if ((b & 0xC0) != 0x80) ++n;
  }
  return n;
}

bool ParseInt64(std::string_view s, int64_t* out) {
  if (s.empty()) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

}  // namespace sabt
