#include "web/render.h"

#include <map>
#include <mutex>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "domain/role.h"
#include "http/client.h"
#include "http/i18n.h"
#include "util/embedded.h"
#include "web/template/mustache.h"

namespace sabt::web {
namespace {

std::string Template(const std::string& name) {
  auto f = embedded::Find("web/templates/" + name + ".html");
  return f ? std::string(*f) : std::string("<p>missing template ") + name + "</p>";
}

// `{{> name}}` is replaced by web/templates/partials/name.html (text shared by
// several templates, e.g. the applicant's fields of the desk and the public
// form); partials may include partials, up to a small depth.
std::string ExpandPartials(const std::string& tmpl, int depth = 0) {
  static constexpr std::string_view kOpen = "{{>";
  std::string out;
  size_t i = 0;
  for (;;) {
    size_t a = tmpl.find(kOpen, i);
    size_t b = a == std::string::npos ? a : tmpl.find("}}", a);
    if (b == std::string::npos) break;
    std::string name = tmpl.substr(a + kOpen.size(), b - a - kOpen.size());
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    out.append(tmpl, i, a - i);
    auto f = embedded::Find("web/templates/partials/" + name + ".html");
    if (!f || depth >= 4) out += "<p>missing partial " + name + "</p>";
    else out += ExpandPartials(std::string(*f), depth + 1);
    i = b + 2;
  }
  out.append(tmpl, i, std::string::npos);
  return out;
}

// A message as mstch would print {{t.key}}: escaped by mstch itself, and with
// '{' made inert so that a message can never open a tag once substituted.
std::string EscapedMessage(const std::string& lang, const std::string& key) {
  if (!http::Catalogue("tg").contains(key)) return "";  // as an unknown {{t.key}}
  std::string out = tmpl::Escaped(http::T(lang, key));
  for (size_t at = 0; (at = out.find('{', at)) != std::string::npos;) out.replace(at, 1, "&#123;");
  return out;
}

// The template with every {{t.key}} replaced by the message in `lang`. The
// messages never change while the node runs, so this is done once per
// (template, language) instead of handing mstch the whole catalogue as data
// on every render (which cost half the time of a page).
std::string Localise(std::string_view tmpl, const std::string& lang) {
  static constexpr std::string_view kOpen = "{{t.";
  std::string out;
  out.reserve(tmpl.size());
  size_t i = 0;
  for (;;) {
    size_t a = tmpl.find(kOpen, i);
    size_t b = a == std::string_view::npos ? a : tmpl.find("}}", a);
    if (b == std::string_view::npos) break;
    out.append(tmpl.substr(i, a - i));
    out += EscapedMessage(lang, std::string(tmpl.substr(a + kOpen.size(), b - a - kOpen.size())));
    i = b + 2;
  }
  out.append(tmpl.substr(i));
  return out;
}

// Parsed once per (template, language) and kept for the life of the node:
// templates are compiled into the binary and never change while it runs.
// Each server thread first looks in its own table of the templates it has
// already used (no lock: two page renders never wait for each other here);
// only a thread's first use of a (template, language) takes the lock.
const tmpl::Template& LocalisedTemplate(const std::string& name, const std::string& lang) {
  thread_local std::map<std::pair<std::string, std::string>, const tmpl::Template*, std::less<>> mine;
  auto key = std::make_pair(name, http::IsLanguage(lang) ? lang : std::string("tg"));
  if (auto m = mine.find(key); m != mine.end()) return *m->second;
  static std::mutex mu;
  static std::map<std::pair<std::string, std::string>, tmpl::Template> cache;
  std::lock_guard lock(mu);
  auto it = cache.find(key);
  if (it == cache.end()) {
    auto parsed = tmpl::Template::Parse(Localise(ExpandPartials(Template(name)), key.second));
    if (!parsed.ok()) {
      // Every embedded template is parsed in every language by a unit test,
      // so this is a build that skipped its tests: say where, in the page.
      parsed = tmpl::Template::Parse("<p>template " + tmpl::Escaped(name) + ": " +
                                     tmpl::Escaped(parsed.status().message()) + "</p>");
    }
    it = cache.emplace(key, std::move(parsed.value())).first;
  }
  mine.emplace(key, &it->second);
  return it->second;  // std::map never moves its elements
}

// GOV.UK: a page that shows an error summary says so first in its title,
// so that a screen reader hears it before anything else.
std::string TitleOf(const PageContext& pc, const mstch::map& data) {
  std::string title = http::T(pc.lang, pc.title_key);
  auto it = data.find("has_errors");
  if (it != data.end()) {
    const bool* b = boost::get<bool>(&it->second);
    if (b && *b) title = http::T(pc.lang, "error_title_prefix") + " " + title;
  }
  return title;
}

}  // namespace

std::string LocalisedTemplateText(const std::string& name, const std::string& lang) {
  return Localise(ExpandPartials(Template(name)), lang);
}

namespace {

// The layout around a page, split at the body marker.
struct Frame {
  std::string before, after;
};

Frame RenderFrame(const PageContext& pc, const std::string& title, const std::string& csrf) {
  mstch::array langs;
  for (const auto& l : http::Languages())
    langs.push_back(mstch::map{{"code", l}, {"label", http::T(l, "lang_self")}, {"current", l == pc.lang},
                               {"path", http::UrlEncode(pc.path)}});
  mstch::map layout{{"lang", pc.lang},
                    {"title", title},
                    {"flash", pc.flash},
                    {"langs", std::move(langs)},
                    {"csrf", csrf},
                    {"signed_in", pc.who != nullptr}};
  if (!pc.suggest_lang.empty()) {
    // Said in the suggested language itself: a Russian speaker reads
    // "Перейти на русский?" on a Tajik page.
    layout["suggest"] = mstch::map{{"code", pc.suggest_lang},
                                   {"text", http::T(pc.suggest_lang, "lang_suggest")},
                                   {"keep", http::T(pc.suggest_lang, "lang_keep_tg")},
                                   {"path", http::UrlEncode(pc.path)}};
  }
  if (pc.who) {
    std::string role(domain::RoleId(pc.who->role));
    layout["user_name"] = pc.who->user.display_name;
    layout["user_role"] = http::T(pc.lang, "role_" + role);
    layout["user_department"] = pc.who->user.department;
    layout["can_register"] = domain::Allows(pc.who->role, domain::Action::kRegisterAppeal);
    layout["can_list"] = domain::Allows(pc.who->role, domain::Action::kListAppeals);
    layout["can_guard"] = pc.who->role == domain::Role::kProsecutor || pc.who->role == domain::Role::kHead;
    layout["can_crime"] = domain::Allows(pc.who->role, domain::Action::kReadCrime);
    layout["can_devices"] = pc.devices_link;
    if (pc.sync) layout["sync"] = *pc.sync;
    layout["can_trips"] = domain::Allows(pc.who->role, domain::Action::kReadTrips);
    layout["can_search"] = domain::Allows(pc.who->role, domain::Action::kSearchPersons);  // issue 16
    layout["can_signin_admin"] = domain::Allows(pc.who->role, domain::Action::kManageUsers);  // locked accounts
  }
  // The body is already-rendered, escaped HTML. It is spliced in place of the
  // marker after rendering (never rendered again as a template, so text a
  // user typed cannot act as a tag). Escaped data cannot contain the marker,
  // since '<' is always escaped.
  std::string page = LocalisedTemplate("layout", pc.lang).Render(layout);
  static const std::string kMarker = "<!--SABT-BODY-->";
  size_t at = page.find(kMarker);
  if (at == std::string::npos) return {std::move(page), {}};
  return {page.substr(0, at), page.substr(at + kMarker.size())};
}

// The frame of a page for a visitor who is not signed in depends only on the
// language, the title, the path, the language offer and the flash; it is
// kept per server thread (a few public pages in three languages; the table
// is emptied when it reaches kMaxFrames). Nothing of a user's is in it: a
// frame is kept only when it does not depend on the CSRF token, which is
// checked when it is made, by rendering it with two different tokens.
constexpr size_t kMaxFrames = 256;

const Frame* PublicFrame(const PageContext& pc, const std::string& title) {
  if (pc.who || pc.sync) return nullptr;
  thread_local std::unordered_map<std::string, std::optional<Frame>> frames;
  std::string key = pc.lang + '\x1f' + title + '\x1f' + pc.path + '\x1f' + pc.suggest_lang + '\x1f' + pc.flash;
  auto it = frames.find(key);
  if (it == frames.end()) {
    if (frames.size() >= kMaxFrames) frames.clear();
    Frame a = RenderFrame(pc, title, "csrf-probe-a");
    Frame b = RenderFrame(pc, title, "csrf-probe-b");
    std::optional<Frame> keep;
    if (a.before == b.before && a.after == b.after) keep = std::move(a);
    it = frames.emplace(std::move(key), std::move(keep)).first;
  }
  return it->second ? &*it->second : nullptr;
}

}  // namespace

std::string RenderPage(const std::string& name, const PageContext& pc, mstch::map data) {
  data["csrf"] = pc.csrf;
  std::string body = LocalisedTemplate(name, pc.lang).Render(data);
  std::string title = TitleOf(pc, data);
  Frame made;
  const Frame* frame = PublicFrame(pc, title);
  if (!frame) {
    made = RenderFrame(pc, title, pc.csrf);
    frame = &made;
  }
  std::string page;
  page.reserve(frame->before.size() + body.size() + frame->after.size());
  page.append(frame->before).append(body).append(frame->after);
  return page;
}

}  // namespace sabt::web
