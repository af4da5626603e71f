// A Mustache template parsed once and rendered many times (issue 14 item 10).
//
// mstch parses the template text on every render; a page like /status spent
// most of its time there. This engine parses the text once into a tree and
// renders that tree against the same data mstch takes (mstch::node), so the
// views that build mstch::map contexts stay as they are.
//
// Supported, with mstch's behaviour (checked side by side in
// tests/unit/mustache_test.cc): {{name}}, {{a.b}}, {{.}}, {{#section}},
// {{^inverted}}, {{/close}}, {{! comment}}, {{&raw}} and {{{raw}}}, standalone
// tag lines removed as the Mustache spec says. Partials ({{> name}}) are
// expanded by the caller before parsing (web/render.cc); delimiter changes
// and lambdas are refused at parse time / rendered as nothing.
//
// Escaping is mstch's: & < > " ' / become entities in {{name}}.
#pragma once
#include <mstch/mstch.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace sabt::web::tmpl {

// HTML-escapes `text` onto `out` exactly as mstch's {{name}} does.
void AppendEscaped(std::string& out, std::string_view text);
std::string Escaped(std::string_view text);

class Template {
 public:
  struct Node;

  // Parses `text`; an unclosed tag or section, a stray close, a delimiter
  // change or a partial tag is an error naming the byte offset.
  static Result<Template> Parse(std::string_view text);

  std::string Render(const mstch::node& root) const;
  void RenderTo(std::string& out, const mstch::node& root) const;

 private:
  std::shared_ptr<const std::vector<Node>> nodes_;
};

}  // namespace sabt::web::tmpl
