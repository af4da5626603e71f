#include "domain/stats/expr.h"

#include <cctype>
#include <optional>

namespace sabt::domain::stats {
namespace {

bool NameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-' || c == '{' ||
         c == '}' || c == '*';
}

// A counter name: dotted parts; "*" only as the whole last part.
bool ValidName(std::string_view n, bool allow_prefix) {
  if (n.empty() || n.front() == '.' || n.back() == '.') return false;
  auto star = n.find('*');
  if (star != std::string_view::npos) {
    if (!allow_prefix || star != n.size() - 1 || n.size() < 3 || n[n.size() - 2] != '.') return false;
  }
  if (n.find("..") != std::string_view::npos) return false;
  for (char c : n)
    if (!NameChar(c)) return false;
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

Result<Term> ParseTerm(std::string_view t, int sign) {
  t = Trim(t);
  Term term;
  term.sign = sign;
  if (t.empty()) return Status::Invalid("empty term");
  if (std::isdigit(static_cast<unsigned char>(t.front()))) {
    int64_t v = 0;
    for (char c : t) {
      if (!std::isdigit(static_cast<unsigned char>(c)) || v > 1000000000) return Status::Invalid("bad number");
      v = v * 10 + (c - '0');
    }
    term.kind = Term::kConstant;
    term.constant = v;
    return term;
  }
  auto call = [&](std::string_view fn) -> std::optional<std::string_view> {
    if (t.size() > fn.size() + 2 && t.substr(0, fn.size()) == fn && t[fn.size()] == '(' && t.back() == ')')
      return Trim(t.substr(fn.size() + 1, t.size() - fn.size() - 2));
    return std::nullopt;
  };
  if (auto arg = call("overdue")) {
    if (!ValidName(*arg, false)) return Status::Invalid("overdue() takes one counter name");
    term.kind = Term::kOverdue;
    term.name = std::string(*arg);
    return term;
  }
  if (auto arg = call("distinct")) {
    if (!ValidName(*arg, true) || arg->back() != '*') return Status::Invalid("distinct() takes a prefix ending in .*");
    term.kind = Term::kDistinct;
    term.name = std::string(*arg);
    return term;
  }
  if (!ValidName(t, true)) return Status::Invalid("bad counter name '" + std::string(t) + "'");
  term.name = std::string(t);
  return term;
}

}  // namespace

Result<std::vector<Term>> ParseExpr(std::string_view expr) {
  std::vector<Term> out;
  int sign = 1;
  size_t start = 0;
  int depth = 0;
  for (size_t i = 0; i <= expr.size(); ++i) {
    char c = i < expr.size() ? expr[i] : '\0';
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (depth < 0) return Status::Invalid("unbalanced parentheses");
    // '-' inside names (codes such as "on-scene") is part of the name: only a
    // '-' with a space before it separates terms.
    bool minus = c == '-' && depth == 0 && i > 0 && std::isspace(static_cast<unsigned char>(expr[i - 1]));
    if (c == '\0' || (c == '+' && depth == 0) || minus) {
      auto t = ParseTerm(expr.substr(start, i - start), sign);
      if (!t.ok()) return t.status();
      out.push_back(*t);
      sign = c == '-' ? -1 : 1;
      start = i + 1;
    }
  }
  if (depth != 0) return Status::Invalid("unbalanced parentheses");
  if (out.size() > 64) return Status::Invalid("too many terms");
  return out;
}

std::vector<Term> ExpandRow(const std::vector<Term>& terms, const std::vector<std::string>& values) {
  std::vector<Term> out;
  for (const auto& t : terms) {
    auto at = t.name.find("{row}");
    if (at == std::string::npos) {
      out.push_back(t);
      continue;
    }
    for (const auto& v : values) {
      Term e = t;
      e.name = t.name.substr(0, at) + v + t.name.substr(at + 5);
      out.push_back(std::move(e));
    }
  }
  return out;
}

}  // namespace sabt::domain::stats
