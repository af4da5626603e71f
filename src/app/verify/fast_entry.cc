#include "app/verify/fast_entry.h"

#include <charconv>
#include <utility>
#include <vector>

#include "util/jcs.h"

namespace sabt::app::verify {
namespace {

constexpr int kMaxDepth = 200;  // below kMaxJcsDepth

// A strict scanner over the canonical subset. Every Parse* returns false when
// the text is not certainly canonical; `pos` is then meaningless.
class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}

  // A string token at pos; *raw is its content between the quotes, *plain
  // whether it has no escapes.
  bool String(std::string_view* raw, bool* plain) {
    if (pos_ >= s_.size() || s_[pos_] != '"') return false;
    const size_t start = ++pos_;
    *plain = true;
    while (pos_ < s_.size()) {
      const auto c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') {
        *raw = s_.substr(start, pos_ - start);
        ++pos_;
        return IsWellFormedUtf8(*raw);
      }
      if (c < 0x20) return false;  // a raw control character: not canonical
      if (c == '\\') {
        *plain = false;
        if (++pos_ >= s_.size()) return false;
        const char e = s_[pos_];
        if (e == '"' || e == '\\' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
          ++pos_;
          continue;
        }
        if (e != 'u' || pos_ + 4 >= s_.size()) return false;
        // Only \u00xx for a control character without a short form, in
        // lower-case hex, is canonical; anything else is left to the full path.
        std::string_view hex = s_.substr(pos_ + 1, 4);
        if (hex[0] != '0' || hex[1] != '0' || (hex[2] != '0' && hex[2] != '1')) return false;
        const char h = hex[3];
        const bool digit = h >= '0' && h <= '9', lower = h >= 'a' && h <= 'f';
        if (!digit && !lower) return false;
        const int v = (hex[2] - '0') * 16 + (digit ? h - '0' : h - 'a' + 10);
        if (v == 0x08 || v == 0x09 || v == 0x0a || v == 0x0c || v == 0x0d) return false;
        pos_ += 5;
        continue;
      }
      ++pos_;
    }
    return false;
  }

  // Any value; *span is its bytes.
  bool Value(int depth, std::string_view* span) {
    if (depth > kMaxDepth || pos_ >= s_.size()) return false;
    const size_t start = pos_;
    const char c = s_[pos_];
    bool ok = false;
    if (c == '{') {
      ok = Object(depth, nullptr);
    } else if (c == '[') {
      ok = Array(depth);
    } else if (c == '"') {
      std::string_view raw;
      bool plain = false;
      ok = String(&raw, &plain);
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      ok = Integer();
    } else {
      ok = Literal("true") || Literal("false") || Literal("null");
    }
    if (ok && span) *span = s_.substr(start, pos_ - start);
    return ok;
  }

  // An object; members (name, value span) go to *members when given.
  bool Object(int depth, std::vector<std::pair<std::string_view, std::string_view>>* members) {
    if (s_[pos_] != '{') return false;
    ++pos_;
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      return true;
    }
    std::string_view prev;
    bool first = true;
    for (;;) {
      std::string_view key;
      bool plain = false;
      if (!String(&key, &plain) || !plain) return false;
      // Byte order is UTF-16 order unless a key holds U+E000 or above.
      for (char k : key)
        if (static_cast<unsigned char>(k) >= 0xEE) return false;
      if (!first && !(prev < key)) return false;  // unsorted or duplicate
      first = false;
      prev = key;
      if (pos_ >= s_.size() || s_[pos_] != ':') return false;
      ++pos_;
      std::string_view value;
      if (!Value(depth + 1, &value)) return false;
      if (members) members->emplace_back(key, value);
      if (pos_ >= s_.size()) return false;
      if (s_[pos_] == '}') {
        ++pos_;
        return true;
      }
      if (s_[pos_] != ',') return false;
      ++pos_;
    }
  }

  bool Array(int depth) {
    ++pos_;
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      return true;
    }
    for (;;) {
      if (!Value(depth + 1, nullptr) || pos_ >= s_.size()) return false;
      if (s_[pos_] == ']') {
        ++pos_;
        return true;
      }
      if (s_[pos_] != ',') return false;
      ++pos_;
    }
  }

  // -?(0|[1-9][0-9]{0,14}): at most 15 digits (< 2^53), never "-0".
  bool Integer() {
    size_t p = pos_;
    const bool neg = s_[p] == '-';
    if (neg) ++p;
    const size_t digits_at = p;
    while (p < s_.size() && s_[p] >= '0' && s_[p] <= '9') ++p;
    const size_t n = p - digits_at;
    if (n == 0 || n > 15) return false;
    if (s_[digits_at] == '0' && (n > 1 || neg)) return false;
    if (p < s_.size() && (s_[p] == '.' || s_[p] == 'e' || s_[p] == 'E')) return false;
    pos_ = p;
    return true;
  }

  bool Literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  bool AtEnd() const { return pos_ == s_.size(); }
  size_t pos() const { return pos_; }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

// A header string: present, a string, without escapes.
bool PlainString(std::string_view span, std::string* out) {
  if (span.size() < 2 || span.front() != '"') return false;
  std::string_view inner = span.substr(1, span.size() - 2);
  if (inner.find('\\') != std::string_view::npos) return false;
  out->assign(inner);
  return true;
}

}  // namespace

bool CertainlyCanonical(std::string_view bytes) {
  Scanner sc(bytes);
  std::string_view span;
  return sc.Value(0, &span) && sc.AtEnd();
}

bool FastEntry(std::string_view bytes, int64_t idx, EntryView* view, std::string* commitment) {
  if (bytes.empty() || bytes.front() != '{') return false;
  Scanner sc(bytes);
  std::vector<std::pair<std::string_view, std::string_view>> members;
  members.reserve(12);
  if (!sc.Object(0, &members) || !sc.AtEnd()) return false;
  EntryView e;
  e.idx = idx;
  std::string_view data, v, seq;
  bool has[5] = {false, false, false, false, false};
  std::string pay;
  bool has_payload = false;
  for (const auto& [key, value] : members) {
    if (key == "v") {
      v = value;
    } else if (key == "origin") {
      if (!PlainString(value, &e.origin)) return false;
      has[0] = true;
    } else if (key == "at") {
      if (!PlainString(value, &e.at)) return false;
      has[1] = true;
    } else if (key == "actor") {
      if (!PlainString(value, &e.actor)) return false;
      has[2] = true;
    } else if (key == "kind") {
      if (!PlainString(value, &e.kind)) return false;
      has[3] = true;
    } else if (key == "subject") {
      if (!PlainString(value, &e.subject)) return false;
      has[4] = true;
    } else if (key == "seq") {
      seq = value;
    } else if (key == "data") {
      data = value;
    } else if (key == "payload") {
      if (!PlainString(value, &pay)) return false;
      has_payload = true;
    }
  }
  for (bool h : has)
    if (!h) return false;
  if (v != "1" || seq.empty() || seq.front() == '"' || seq.front() == '{' || seq.front() == '[' ||
      seq.front() == 't' || seq.front() == 'f' || seq.front() == 'n')
    return false;
  if (std::from_chars(seq.data(), seq.data() + seq.size(), e.seq).ec != std::errc()) return false;
  if (e.origin.empty() || e.kind.empty() || e.subject.empty() || e.at.empty()) return false;
  if (data.empty()) {
    e.data = nlohmann::json::object();
  } else {
    e.data = nlohmann::json::parse(data, nullptr, false);
    if (e.data.is_discarded()) return false;
  }
  *view = std::move(e);
  *commitment = has_payload ? std::move(pay) : std::string();
  return true;
}

}  // namespace sabt::app::verify
