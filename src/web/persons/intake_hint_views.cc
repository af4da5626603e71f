// GET /search/similar-appeals: the intake duplicate hint for the appeal form's
// script (web/static/intake_hint.js; docs/persons-and-search.md §6.1). The
// signed-in officer's session, JSON out; the scope and role rules are
// app::persons::IntakeHint's.
#include "app/persons/intake_hint.h"
#include "http/i18n.h"
#include "web/persons/search_views.h"
#include "web/web_session.h"

namespace sabt::web {

std::string SimilarAppealsText(const std::string& lang, size_t n) {
  std::string hint = http::T(lang, "similar_appeals_hint");
  auto at = hint.find("{{n}}");
  if (at != std::string::npos) hint.replace(at, 5, std::to_string(n));
  return hint;
}

void AddIntakeHintRoute(http::Router& router, app::App& app) {
  router.http_get("/search/similar-appeals", [&app](const http::Req& req, auto) {
    WebRequest w = LoadWebRequest(app, req);
    if (!w.who) return http::SendJson(req, restinio::status_unauthorized(), {{"error", "sign in"}});
    auto q = http::ParseQuery(req);
    auto found = app::persons::IntakeHint(
        app, *w.who, {q["surname"], q["given_name"], q["patronymic"], q["birth_date"], q["id_document"]});
    if (!found.ok()) return http::SendJson(req, http::HttpStatusFor(found.status()), {{"error", found.status().message()}});
    nlohmann::json items = nlohmann::json::array();
    for (const auto& r : *found) items.push_back({{"number", r.number}, {"href", "/appeals/" + r.record_id}});
    nlohmann::json out = {{"count", found->size()}, {"items", items}};
    if (!found->empty()) out["hint"] = SimilarAppealsText(w.lang, found->size());
    return http::SendJson(req, restinio::status_ok(), out);
  });
}

}  // namespace sabt::web
