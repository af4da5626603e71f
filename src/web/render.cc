#include "web/render.h"

#include <map>

#include "domain/role.h"
#include "http/client.h"
#include "http/i18n.h"
#include "util/embedded.h"

namespace sabt::web {
namespace {

std::string Template(const std::string& name) {
  auto f = embedded::Find("web/templates/" + name + ".html");
  return f ? std::string(*f) : std::string("<p>missing template ") + name + "</p>";
}

const mstch::map& CatalogueMap(const std::string& lang) {
  static const std::map<std::string, mstch::map> maps = [] {
    std::map<std::string, mstch::map> m;
    for (const auto& l : http::Languages()) {
      mstch::map t;
      for (auto& [k, v] : http::Catalogue("tg").items()) t[k] = http::T(l, k);
      m[l] = std::move(t);
    }
    return m;
  }();
  return maps.at(http::IsLanguage(lang) ? lang : "tg");
}

}  // namespace

std::string RenderPage(const std::string& name, const PageContext& pc, mstch::map data) {
  const mstch::map& t = CatalogueMap(pc.lang);
  data["t"] = t;
  data["csrf"] = pc.csrf;
  std::string body = mstch::render(Template(name), data);

  mstch::array langs;
  for (const auto& l : http::Languages())
    langs.push_back(mstch::map{{"code", l}, {"label", http::T(l, "lang_self")}, {"current", l == pc.lang},
                               {"path", http::UrlEncode(pc.path)}});
  mstch::map layout{{"t", t},
                    {"lang", pc.lang},
                    {"title", http::T(pc.lang, pc.title_key)},
                    {"langs", langs},
                    {"csrf", pc.csrf},
                    {"signed_in", pc.who != nullptr}};
  if (pc.who) {
    std::string role(domain::RoleId(pc.who->role));
    layout["user_name"] = pc.who->user.display_name;
    layout["user_role"] = http::T(pc.lang, "role_" + role);
    layout["user_department"] = pc.who->user.department;
    layout["can_register"] = domain::Allows(pc.who->role, domain::Action::kRegisterAppeal);
    layout["can_list"] = domain::Allows(pc.who->role, domain::Action::kListAppeals);
    layout["can_guard"] = pc.who->role == domain::Role::kProsecutor || pc.who->role == domain::Role::kHead;
    layout["can_crime"] = domain::Allows(pc.who->role, domain::Action::kReadCrime);
    layout["can_trips"] = domain::Allows(pc.who->role, domain::Action::kReadTrips);
  }
  // The body is already-rendered, escaped HTML. It is spliced in place of the
  // marker after rendering (never rendered again as a template, so text a
  // user typed cannot act as a tag). Escaped data cannot contain the marker,
  // since '<' is always escaped.
  std::string page = mstch::render(Template("layout"), layout);
  static const std::string kMarker = "<!--SABT-BODY-->";
  size_t at = page.find(kMarker);
  if (at != std::string::npos) page.replace(at, kMarker.size(), body);
  return page;
}

}  // namespace sabt::web
