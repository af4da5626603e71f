#include "web/template/mustache.h"

#include <sstream>
#include <utility>

namespace sabt::web::tmpl {

struct Template::Node {
  enum class Kind { kText, kVar, kRaw, kSection, kInverted };
  Kind kind = Kind::kText;
  std::string text;                 // kText: the text; otherwise the tag's name
  std::vector<std::string> path;    // the name split at '.'; empty for {{.}}
  std::vector<Node> children;       // kSection, kInverted
};

void AppendEscaped(std::string& out, std::string_view text) {
  size_t from = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char* rep = nullptr;
    switch (text[i]) {
      case '&': rep = "&amp;"; break;
      case '<': rep = "&lt;"; break;
      case '>': rep = "&gt;"; break;
      case '"': rep = "&quot;"; break;
      case '\'': rep = "&#39;"; break;
      case '/': rep = "&#x2F;"; break;
      default: continue;
    }
    out.append(text.substr(from, i - from));
    out += rep;
    from = i + 1;
  }
  out.append(text.substr(from));
}

std::string Escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  AppendEscaped(out, text);
  return out;
}

namespace {

using Node = Template::Node;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool Blank(std::string_view s) {
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '\r') return false;
  return true;
}

std::vector<std::string> SplitPath(std::string_view name) {
  std::vector<std::string> path;
  if (name == ".") return path;
  size_t from = 0;
  for (;;) {
    size_t dot = name.find('.', from);
    path.emplace_back(name.substr(from, dot == std::string_view::npos ? dot : dot - from));
    if (dot == std::string_view::npos) break;
    from = dot + 1;
  }
  return path;
}

// --- rendering ------------------------------------------------------------

struct Falsy : boost::static_visitor<bool> {
  bool operator()(std::nullptr_t) const { return true; }
  bool operator()(int v) const { return v == 0; }
  bool operator()(double v) const { return v == 0; }
  bool operator()(bool v) const { return !v; }
  bool operator()(const std::string& v) const { return v.empty(); }  // as mstch: "" is false
  bool operator()(const mstch::array& v) const { return v.empty(); }
  template <typename T>
  bool operator()(const T&) const { return false; }
};

struct Printer : boost::static_visitor<void> {
  Printer(std::string* o, bool e) : out(o), escape(e) {}
  std::string* out;
  bool escape;
  void operator()(const std::string& v) const {
    if (escape) AppendEscaped(*out, v);
    else *out += v;
  }
  void operator()(int v) const { *out += std::to_string(v); }
  void operator()(double v) const {
    std::ostringstream s;
    s << v;
    *out += s.str();
  }
  void operator()(bool v) const { *out += v ? "true" : "false"; }
  template <typename T>
  void operator()(const T&) const {}  // null, maps, arrays, objects, lambdas: nothing
};

class Renderer {
 public:
  explicit Renderer(std::string& out) : out_(out) {}

  void Run(const std::vector<Node>& nodes, std::vector<const mstch::node*>& stack) {
    for (const Node& n : nodes) {
      switch (n.kind) {
        case Node::Kind::kText: out_ += n.text; break;
        case Node::Kind::kVar:
        case Node::Kind::kRaw: {
          const mstch::node* v = Lookup(n.path, stack);
          if (v) boost::apply_visitor(Printer(&out_, n.kind == Node::Kind::kVar), *v);
          break;
        }
        case Node::Kind::kSection: {
          const mstch::node* v = Lookup(n.path, stack);
          if (!v || boost::apply_visitor(Falsy(), *v)) break;
          if (const auto* arr = boost::get<mstch::array>(v)) {
            for (const mstch::node& item : *arr) {
              stack.push_back(&item);
              Run(n.children, stack);
              stack.pop_back();
            }
          } else {
            stack.push_back(v);
            Run(n.children, stack);
            stack.pop_back();
          }
          break;
        }
        case Node::Kind::kInverted: {
          const mstch::node* v = Lookup(n.path, stack);
          if (!v || boost::apply_visitor(Falsy(), *v)) Run(n.children, stack);
          break;
        }
      }
    }
  }

 private:
  static const mstch::node* Member(const mstch::node* at, const std::string& key) {
    const auto* m = boost::get<mstch::map>(at);
    if (!m) return nullptr;
    auto it = m->find(key);
    return it == m->end() ? nullptr : &it->second;
  }

  // The first part of a name is looked up from the innermost context
  // outwards; the rest inside what was found (no further fallback).
  static const mstch::node* Lookup(const std::vector<std::string>& path,
                                   const std::vector<const mstch::node*>& stack) {
    if (path.empty()) return stack.empty() ? nullptr : stack.back();
    const mstch::node* found = nullptr;
    for (auto it = stack.rbegin(); it != stack.rend() && !found; ++it) found = Member(*it, path[0]);
    for (size_t i = 1; found && i < path.size(); ++i) found = Member(found, path[i]);
    return found;
  }

  std::string& out_;
};

}  // namespace

Result<Template> Template::Parse(std::string_view text) {
  std::vector<std::vector<Node>> levels(1);
  std::vector<std::string> open;  // names of the open sections
  size_t pos = 0;
  auto add_text = [&](std::string_view t) {
    if (t.empty()) return;
    auto& level = levels.back();
    if (!level.empty() && level.back().kind == Node::Kind::kText) level.back().text.append(t);
    else level.push_back(Node{Node::Kind::kText, std::string(t), {}, {}});
  };
  for (;;) {
    size_t a = text.find("{{", pos);
    if (a == std::string_view::npos) {
      add_text(text.substr(pos));
      break;
    }
    bool triple = a + 2 < text.size() && text[a + 2] == '{';
    size_t b = text.find(triple ? "}}}" : "}}", a + 2);
    if (b == std::string_view::npos)
      return Status::Invalid("template: unclosed tag at byte " + std::to_string(a));
    size_t after = b + (triple ? 3 : 2);
    std::string_view inner = Trim(text.substr(a + 2 + (triple ? 1 : 0), b - a - 2 - (triple ? 1 : 0)));
    char sigil = triple ? '&' : (inner.empty() ? '\0' : inner[0]);
    if (sigil == '#' || sigil == '^' || sigil == '/' || sigil == '!' || sigil == '&') {
      if (!triple) inner = Trim(inner.substr(1));
    } else if (sigil == '>' || sigil == '=') {
      return Status::Invalid("template: partials and delimiter changes are not supported (byte " +
                             std::to_string(a) + ")");
    } else {
      sigil = 0;
    }
    if (inner.empty() && sigil != '!')
      return Status::Invalid("template: empty tag at byte " + std::to_string(a));

    // A section, inverted, close or comment tag alone on its line takes the
    // whole line with it (the Mustache spec's "standalone" rule).
    size_t line_start = text.rfind('\n', a == 0 ? 0 : a - 1);
    line_start = (line_start == std::string_view::npos || a == 0) ? 0 : line_start + 1;
    if (a > 0 && text[a - 1] == '\n') line_start = a;
    size_t nl = text.find('\n', after);
    bool standalone = (sigil == '#' || sigil == '^' || sigil == '/' || sigil == '!') && line_start >= pos &&
                      Blank(text.substr(line_start, a - line_start)) &&
                      Blank(text.substr(after, nl == std::string_view::npos ? nl : nl - after));
    if (standalone) {
      add_text(text.substr(pos, line_start - pos));
      pos = nl == std::string_view::npos ? text.size() : nl + 1;
    } else {
      add_text(text.substr(pos, a - pos));
      pos = after;
    }

    switch (sigil) {
      case '!': break;
      case '#':
      case '^':
        levels.back().push_back(
            Node{sigil == '#' ? Node::Kind::kSection : Node::Kind::kInverted, std::string(inner), SplitPath(inner), {}});
        open.emplace_back(inner);
        levels.emplace_back();
        break;
      case '/': {
        if (open.empty() || open.back() != inner)
          return Status::Invalid("template: {{/" + std::string(inner) + "}} closes " +
                                 (open.empty() ? std::string("nothing") : "{{#" + open.back() + "}}") + " at byte " +
                                 std::to_string(a));
        std::vector<Node> children = std::move(levels.back());
        levels.pop_back();
        levels.back().back().children = std::move(children);
        open.pop_back();
        break;
      }
      default:
        levels.back().push_back(Node{sigil == '&' ? Node::Kind::kRaw : Node::Kind::kVar, std::string(inner),
                                     SplitPath(inner), {}});
    }
  }
  if (!open.empty()) return Status::Invalid("template: {{#" + open.back() + "}} is never closed");
  Template t;
  t.nodes_ = std::make_shared<const std::vector<Node>>(std::move(levels.front()));
  return t;
}

void Template::RenderTo(std::string& out, const mstch::node& root) const {
  if (!nodes_) return;
  std::vector<const mstch::node*> stack{&root};
  stack.reserve(8);
  Renderer(out).Run(*nodes_, stack);
}

std::string Template::Render(const mstch::node& root) const {
  std::string out;
  RenderTo(out, root);
  return out;
}

}  // namespace sabt::web::tmpl
