#include "util/jcs.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace sabt {
namespace {

constexpr uint64_t kMaxExactInteger = uint64_t{1} << 53;

// Decodes the code point at s[*i] and advances *i past it. Returns -1, leaving
// *i unchanged, unless the bytes are well-formed UTF-8 (RFC 3629 §4).
int32_t NextCodePoint(std::string_view s, size_t* i) {
  const auto b0 = static_cast<unsigned char>(s[*i]);
  if (b0 < 0x80) {
    ++*i;
    return b0;
  }
  size_t len = 0;
  uint32_t cp = 0;
  uint32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    cp = b0 & 0x1F;
    min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    cp = b0 & 0x0F;
    min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    cp = b0 & 0x07;
    min = 0x10000;
  } else {
    return -1;
  }
  if (s.size() - *i < len) return -1;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[*i + k]);
    if ((b & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
  *i += len;
  return static_cast<int32_t>(cp);
}

// UTF-16 code units of a UTF-8 string: the sort key for member names.
Result<std::u16string> ToUtf16(std::string_view s) {
  std::u16string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const int32_t cp = NextCodePoint(s, &i);
    if (cp < 0) return Status::Invalid("jcs: string is not well-formed UTF-8");
    if (cp < 0x10000) {
      out.push_back(static_cast<char16_t>(cp));
    } else {
      const uint32_t v = static_cast<uint32_t>(cp) - 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (v >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (v & 0x3FF)));
    }
  }
  return out;
}

Status AppendString(std::string_view s, std::string* out) {
  if (!IsWellFormedUtf8(s)) return Status::Invalid("jcs: string is not well-formed UTF-8");
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default:
        if (c < 0x20) {
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 0x0F]);
        } else {
          out->push_back(ch);
        }
    }
  }
  out->push_back('"');
  return Status::Ok();
}

Status AppendValue(const nlohmann::json& v, int depth, std::string* out) {
  if (depth > kMaxJcsDepth) return Status::Invalid("jcs: nesting too deep");
  using T = nlohmann::json::value_t;
  switch (v.type()) {
    case T::null: out->append("null"); return Status::Ok();
    case T::boolean: out->append(v.get<bool>() ? "true" : "false"); return Status::Ok();
    case T::number_integer: {
      const int64_t i = v.get<int64_t>();
      const uint64_t magnitude = i < 0 ? uint64_t{0} - static_cast<uint64_t>(i)
                                       : static_cast<uint64_t>(i);
      if (magnitude > kMaxExactInteger) return Status::Invalid("jcs: integer beyond 2^53");
      out->append(std::to_string(i));
      return Status::Ok();
    }
    case T::number_unsigned: {
      const uint64_t u = v.get<uint64_t>();
      if (u > kMaxExactInteger) return Status::Invalid("jcs: integer beyond 2^53");
      out->append(std::to_string(u));
      return Status::Ok();
    }
    case T::number_float: {
      Result<std::string> s = FormatJcsNumber(v.get<double>());
      if (!s.ok()) return s.status();
      out->append(*s);
      return Status::Ok();
    }
    case T::string: return AppendString(v.get_ref<const std::string&>(), out);
    case T::array: {
      out->push_back('[');
      bool first = true;
      for (const auto& element : v) {
        if (!first) out->push_back(',');
        first = false;
        SABT_RETURN_IF_ERROR(AppendValue(element, depth + 1, out));
      }
      out->push_back(']');
      return Status::Ok();
    }
    case T::object: {
      // nlohmann keeps members in UTF-8 byte order, which differs from UTF-16
      // order once characters above U+FFFF meet U+E000..U+FFFF.
      std::vector<std::pair<std::u16string, nlohmann::json::const_iterator>> members;
      members.reserve(v.size());
      for (auto it = v.cbegin(); it != v.cend(); ++it) {
        Result<std::u16string> key = ToUtf16(it.key());
        if (!key.ok()) return key.status();
        members.emplace_back(std::move(key).value(), it);
      }
      std::sort(members.begin(), members.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      out->push_back('{');
      bool first = true;
      for (const auto& [key, it] : members) {
        if (!first) out->push_back(',');
        first = false;
        SABT_RETURN_IF_ERROR(AppendString(it.key(), out));
        out->push_back(':');
        SABT_RETURN_IF_ERROR(AppendValue(it.value(), depth + 1, out));
      }
      out->push_back('}');
      return Status::Ok();
    }
    case T::binary: return Status::Invalid("jcs: binary values have no JSON form");
    case T::discarded: return Status::Invalid("jcs: discarded value");
  }
  return Status::Invalid("jcs: unknown value type");
}

}  // namespace

bool IsWellFormedUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    if (NextCodePoint(text, &i) < 0) return false;
  }
  return true;
}

Result<std::string> FormatJcsNumber(double value) {
  if (!std::isfinite(value)) return Status::Invalid("jcs: NaN and infinity are not JSON");
  if (value == 0) return std::string("0");  // also -0
  std::string out;
  if (value < 0) {
    out.push_back('-');
    value = -value;
  }
  // Shortest digits that round-trip, closest to the value: the same digit
  // string ECMAScript requires (k as small as possible).
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  if (res.ec != std::errc()) return Status::Internal("jcs: to_chars failed");
  const std::string_view sci(buf, static_cast<size_t>(res.ptr - buf));  // d[.ddd]e±XX
  const size_t e = sci.find('e');
  if (e == std::string_view::npos || e + 2 >= sci.size()) {
    return Status::Internal("jcs: unexpected to_chars output");
  }
  std::string digits(1, sci[0]);
  if (e > 1) digits.append(sci.substr(2, e - 2));
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  int exp10 = 0;
  const std::string_view exp_text = sci.substr(e + 2);
  if (std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exp10).ec !=
      std::errc()) {
    return Status::Internal("jcs: unexpected to_chars exponent");
  }
  if (sci[e + 1] == '-') exp10 = -exp10;

  // ES notation: value = 0.d1d2...dk × 10^n, i.e. n = exponent + 1.
  const int k = static_cast<int>(digits.size());
  const int n = exp10 + 1;
  if (k <= n && n <= 21) {
    out.append(digits);
    out.append(static_cast<size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out.append(digits, 0, static_cast<size_t>(n));
    out.push_back('.');
    out.append(digits, static_cast<size_t>(n));
  } else if (-6 < n && n <= 0) {
    out.append("0.");
    out.append(static_cast<size_t>(-n), '0');
    out.append(digits);
  } else {
    out.push_back(digits[0]);
    if (k > 1) {
      out.push_back('.');
      out.append(digits, 1);
    }
    out.push_back('e');
    out.push_back(n - 1 < 0 ? '-' : '+');
    out.append(std::to_string(n - 1 < 0 ? 1 - n : n - 1));
  }
  return out;
}

Result<std::string> Canonicalize(const nlohmann::json& value) {
  std::string out;
  Status st = AppendValue(value, 0, &out);
  if (!st.ok()) return st;
  return out;
}

}  // namespace sabt
