#include "domain/programme/indicator_formula.h"

#include <cmath>
#include <cstdlib>

namespace sabt::domain::programme {

struct Formula::Node {
  char op = 0;  // 0: number, 'c': counter, 'n': negation, else + - * /
  double number = 0;
  std::string counter;
  std::shared_ptr<const Node> left, right;
};

namespace {

constexpr size_t kMaxText = 200;
constexpr size_t kMaxCounters = 20;
constexpr int kMaxDepth = 20;

using NodePtr = std::shared_ptr<const Formula::Node>;

bool NameChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'; }

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  Result<NodePtr> Whole() {
    auto e = Expr(0);
    if (!e.ok()) return e;
    Skip();
    if (pos_ != s_.size()) return Fail("unexpected character");
    return e;
  }
  std::vector<std::string> counters;

 private:
  Status Fail(const std::string& what) const {
    return Status::Invalid("formula: " + what + " at position " + std::to_string(pos_ + 1));
  }
  void Skip() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t')) ++pos_;
  }
  bool Eat(char c) {
    Skip();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  static NodePtr Bin(char op, NodePtr l, NodePtr r) {
    auto n = std::make_shared<Formula::Node>();
    n->op = op;
    n->left = std::move(l);
    n->right = std::move(r);
    return n;
  }

  Result<NodePtr> Expr(int depth) {
    if (depth > kMaxDepth) return Fail("too deeply nested");
    auto l = Term(depth);
    if (!l.ok()) return l;
    NodePtr acc = *l;
    for (;;) {
      char op = Eat('+') ? '+' : Eat('-') ? '-' : 0;
      if (!op) return acc;
      auto r = Term(depth);
      if (!r.ok()) return r;
      acc = Bin(op, acc, *r);
    }
  }

  Result<NodePtr> Term(int depth) {
    auto l = Factor(depth);
    if (!l.ok()) return l;
    NodePtr acc = *l;
    for (;;) {
      char op = Eat('*') ? '*' : Eat('/') ? '/' : 0;
      if (!op) return acc;
      auto r = Factor(depth);
      if (!r.ok()) return r;
      acc = Bin(op, acc, *r);
    }
  }

  Result<NodePtr> Factor(int depth) {
    if (depth > kMaxDepth) return Fail("too deeply nested");
    Skip();
    if (pos_ >= s_.size()) return Fail("expression ends too early");
    char c = s_[pos_];
    if (c == '(') {
      ++pos_;
      auto e = Expr(depth + 1);
      if (!e.ok()) return e;
      if (!Eat(')')) return Fail("missing )");
      return e;
    }
    if (c == '-') {
      ++pos_;
      auto f = Factor(depth + 1);
      if (!f.ok()) return f;
      auto n = std::make_shared<Formula::Node>();
      n->op = 'n';
      n->left = *f;
      return NodePtr(n);
    }
    if (c >= '0' && c <= '9') {
      size_t start = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      if (pos_ < s_.size() && s_[pos_] == '.') {
        ++pos_;
        size_t frac = pos_;
        while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
        if (pos_ == frac) return Fail("digits expected after '.'");
      }
      auto n = std::make_shared<Formula::Node>();
      n->number = std::strtod(std::string(s_.substr(start, pos_ - start)).c_str(), nullptr);
      return NodePtr(n);
    }
    if (c >= 'a' && c <= 'z') {
      size_t start = pos_;
      while (pos_ < s_.size() && NameChar(s_[pos_])) ++pos_;
      // A prefix sum "name.*" (docs/statistics.md §2.2): the '*' belongs to
      // the name, since a name never ends with '.'.
      if (pos_ < s_.size() && s_[pos_] == '*' && s_[pos_ - 1] == '.') ++pos_;
      std::string name(s_.substr(start, pos_ - start));
      if (name == "distinct") {
        // distinct(prefix.*): how many counters with that prefix are non-zero.
        if (!Eat('(')) return Fail("( expected after distinct");
        Skip();
        size_t inner = pos_;
        while (pos_ < s_.size() && NameChar(s_[pos_])) ++pos_;
        if (pos_ < s_.size() && s_[pos_] == '*' && pos_ > inner && s_[pos_ - 1] == '.') ++pos_;
        std::string prefix(s_.substr(inner, pos_ - inner));
        if (prefix.size() < 3 || prefix.substr(prefix.size() - 2) != ".*" || !IsCounterName(prefix))
          return Fail("distinct needs a prefix ending in .*");
        if (!Eat(')')) return Fail("missing )");
        name = "distinct(" + prefix + ")";
      } else if (!IsCounterName(name)) {
        return Fail("bad counter name");
      }
      bool seen = false;
      for (const auto& x : counters) seen = seen || x == name;
      if (!seen) counters.push_back(name);
      if (counters.size() > kMaxCounters) return Fail("too many counters");
      auto n = std::make_shared<Formula::Node>();
      n->op = 'c';
      n->counter = std::move(name);
      return NodePtr(n);
    }
    return Fail("number, counter or ( expected");
  }

  std::string_view s_;
  size_t pos_ = 0;
};

std::optional<double> Eval(const Formula::Node& n,
                           const std::function<std::optional<double>(const std::string&)>& lookup) {
  switch (n.op) {
    case 0: return n.number;
    case 'c': return lookup(n.counter);
    case 'n': {
      auto v = Eval(*n.left, lookup);
      if (!v) return std::nullopt;
      return -*v;
    }
    default: break;
  }
  auto l = Eval(*n.left, lookup);
  if (!l) return std::nullopt;
  auto r = Eval(*n.right, lookup);
  if (!r) return std::nullopt;
  double v = 0;
  switch (n.op) {
    case '+': v = *l + *r; break;
    case '-': v = *l - *r; break;
    case '*': v = *l * *r; break;
    case '/':
      if (*r == 0) return std::nullopt;
      v = *l / *r;
      break;
  }
  if (!std::isfinite(v)) return std::nullopt;
  return v;
}

}  // namespace

bool IsCounterName(std::string_view name) {
  if (name.size() > 2 && name.substr(name.size() - 2) == ".*") name.remove_suffix(2);
  if (name.empty() || name.size() > 80 || name[0] < 'a' || name[0] > 'z') return false;
  for (char c : name)
    if (!NameChar(c)) return false;
  return name.back() != '.' && name.find("..") == std::string_view::npos;
}

Result<Formula> Formula::Parse(std::string_view text) {
  if (text.size() > kMaxText) return Status::Invalid("formula: longer than 200 characters");
  Parser p(text);
  auto root = p.Whole();
  if (!root.ok()) return root.status();
  Formula f;
  f.root_ = *root;
  f.counters_ = std::move(p.counters);
  return f;
}

std::optional<double> Formula::Evaluate(
    const std::function<std::optional<double>(const std::string&)>& lookup) const {
  if (!root_) return std::nullopt;
  return Eval(*root_, lookup);
}

}  // namespace sabt::domain::programme
