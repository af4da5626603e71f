// The parsed-once template engine (web/template/mustache.*) renders exactly
// what mstch renders: checked on the Mustache constructs the pages use and on
// every embedded page template in every language, side by side.
#include "web/template/mustache.h"

#include <gtest/gtest.h>
#include <mstch/mstch.hpp>

#include <regex>
#include <set>

#include "http/i18n.h"
#include "util/embedded.h"
#include "web/render.h"

namespace sabt::web::tmpl {
namespace {

std::string Ours(const std::string& text, const mstch::node& data) {
  auto t = Template::Parse(text);
  EXPECT_TRUE(t.ok()) << t.status().message() << " in: " << text;
  return t.ok() ? t->Render(data) : std::string();
}

mstch::map Sample() {
  return mstch::map{{"s", std::string("a<b>&\"'/`=")}, {"e", std::string()}, {"z", 0}, {"i", 5},
                    {"t", true}, {"f", false}, {"n", nullptr}, {"a", mstch::array{}},
                    {"em", mstch::map{}}, {"m", mstch::map{{"x", std::string("X")}}},
                    {"rows", mstch::array{mstch::map{{"x", std::string("1")}}, mstch::map{{"y", std::string("2")}}}}};
}

TEST(Mustache, RendersEveryConstructAsMstchDoes) {
  const std::vector<std::string> cases = {
      "{{s}}|{{i}}|{{t}}|{{f}}|{{n}}|{{z}}|{{m}}|{{a}}|{{missing}}",
      "{{#e}}E{{/e}}{{#z}}Z{{/z}}{{#f}}F{{/f}}{{#n}}N{{/n}}{{#a}}A{{/a}}{{#em}}EM{{/em}}{{#i}}I{{.}}{{/i}}"
      "{{#s}}S{{.}}{{/s}}{{#missing}}M{{/missing}}",
      "{{^e}}E{{/e}}{{^z}}Z{{/z}}{{^f}}F{{/f}}{{^n}}N{{/n}}{{^a}}A{{/a}}{{^em}}EM{{/em}}{{^i}}I{{/i}}{{^missing}}M{{/missing}}",
      "a\n  {{#t}}  \nb\n  {{/t}}\nc\n",
      "a {{#t}}\nb\n{{/t}} c",
      "{{m.x}}{{#m}}{{x}}{{i}}{{/m}}{{m.y}}|{{ s }}|{{m.x.y}}",
      "{{#m}}\n{{x}}\n{{/m}}",
      "x\r\n{{#t}}\r\ny\r\n{{/t}}\r\nz",
      "  {{#t}}\n  {{/t}}",
      "{{! comment }}\nq {{! inline }} r",
      "{{{s}}}|{{&s}}|{{& s }}",
      "<ul>\n{{#rows}}\n  <li>{{x}}{{y}}{{i}}</li>\n{{/rows}}\n</ul>\n",
      "{{#rows}}{{#x}}[{{.}}]{{/x}}{{^x}}-{{/x}}{{/rows}}",
      "no tags at all\n",
      "",
  };
  const mstch::map data = Sample();
  for (const auto& text : cases) EXPECT_EQ(Ours(text, data), mstch::render(text, data)) << text;
}

TEST(Mustache, EscapesAsMstchDoes) {
  const std::string nasty = "<script>alert('x')</script> & \"q\" / ҳ ӯ {{t}}";
  EXPECT_EQ(Ours("{{v}}", mstch::map{{"v", nasty}}), mstch::render("{{v}}", mstch::map{{"v", nasty}}));
  // Data is never parsed as a template.
  EXPECT_EQ(Ours("{{v}}", mstch::map{{"v", std::string("{{t}}")}, {"t", true}}), "{{t}}");
}

TEST(Mustache, RefusesBrokenTemplatesWithTheirPlace) {
  for (const char* bad : {"{{#a}}x", "{{/a}}", "{{#a}}{{/b}}", "x {{y", "{{> p}}", "{{=<% %>=}}", "{{}}"}) {
    auto t = Template::Parse(bad);
    EXPECT_FALSE(t.ok()) << bad;
  }
}

// Every name used in a template, for a context that exercises its sections
// (each section once, with its inner names falling back to the outer map)
// or its inverted sections (every section name false).
mstch::map ContextFor(const std::string& text, bool sections_on) {
  static const std::regex tag(R"(\{\{\s*([#^/&]?)\s*([A-Za-z0-9_.]+)\s*\}\})");
  mstch::map data;
  std::set<std::string> sections;
  for (std::sregex_iterator it(text.begin(), text.end(), tag), end; it != end; ++it) {
    std::string sigil = (*it)[1], name = (*it)[2];
    if (name == ".") continue;
    name = name.substr(0, name.find('.'));
    if (sigil == "#" || sigil == "^") sections.insert(name);
    else if (sigil.empty() || sigil == "&") data[name] = std::string("<v&'") + name + "'/>";
  }
  for (const auto& s : sections) data[s] = sections_on ? mstch::node(mstch::array{mstch::map{}}) : mstch::node(false);
  return data;
}

TEST(Mustache, EveryEmbeddedTemplateRendersAsMstchInEveryLanguage) {
  int checked = 0;
  for (const auto& [path, body] : embedded::Files()) {
    const std::string prefix = "web/templates/";
    if (path.rfind(prefix, 0) != 0 || path.find("/partials/") != std::string::npos) continue;
    std::string name = path.substr(prefix.size());
    name = name.substr(0, name.size() - 5);  // ".html"
    for (const auto& lang : http::Languages()) {
      const std::string text = LocalisedTemplateText(name, lang);
      for (bool on : {true, false}) {
        const mstch::map data = ContextFor(text, on);
        EXPECT_EQ(Ours(text, data), mstch::render(text, data)) << name << " in " << lang;
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 30 * 3);
}

}  // namespace
}  // namespace sabt::web::tmpl
