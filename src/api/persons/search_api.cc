#include "api/persons/search_api.h"

#include "api/api_common.h"
#include "app/persons/intake_hint.h"
#include "app/persons/merge.h"
#include "app/persons/search.h"
#include "util/json_str.h"

namespace sabt::api {
namespace {

using http::Req;

nlohmann::json PersonJson(const app::persons::PersonResult& p) {
  return {{"id", p.master_id},          {"surname", p.person.surname}, {"given_name", p.person.given_name},
          {"patronymic", p.person.patronymic}, {"birth_date", p.person.birth_date},
          {"score", static_cast<double>(static_cast<int>(p.score * 1000 + 0.5)) / 1000}, {"why", p.why}};
}

nlohmann::json RecordJson(const store::RecordHit& r) {
  return {{"kind", r.kind}, {"id", r.id}, {"number", r.number}, {"department", r.department}, {"at", r.at},
          {"match", r.match}};
}

}  // namespace

void AddPersonSearchRoutes(http::Router& router, app::App& app) {
  router.http_get("/api/v1/search/persons", [&app](const Req& req, auto) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto q = http::ParseQuery(req);
    auto found = app::persons::SearchPersons(app, *p, q["q"], q["birth_date"], q["reason"]);
    if (!found.ok()) return Error(req, found.status());
    nlohmann::json items = nlohmann::json::array();
    for (const auto& r : *found) items.push_back(PersonJson(r));
    return http::SendJson(req, restinio::status_ok(), {{"items", items}});
  });

  router.http_get("/api/v1/search", [&app](const Req& req, auto) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto q = http::ParseQuery(req);
    auto found = app::persons::SearchAll(app, *p, q["q"], q["reason"]);
    if (!found.ok()) return Error(req, found.status());
    nlohmann::json persons = nlohmann::json::array(), records = nlohmann::json::array();
    for (const auto& r : found->persons) persons.push_back(PersonJson(r));
    for (const auto& r : found->records) records.push_back(RecordJson(r));
    return http::SendJson(req, restinio::status_ok(), {{"persons", persons}, {"records", records}});
  });

  // The intake duplicate hint (docs/persons-and-search.md §6.1): appeals of
  // this applicant in scope in the last 30 days, before registering.
  router.http_get("/api/v1/search/similar-appeals", [&app](const Req& req, auto) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto q = http::ParseQuery(req);
    auto found = app::persons::IntakeHint(
        app, *p, {q["surname"], q["given_name"], q["patronymic"], q["birth_date"], q["id_document"]});
    if (!found.ok()) return Error(req, found.status());
    nlohmann::json items = nlohmann::json::array();
    for (const auto& r : *found) items.push_back({{"id", r.record_id}, {"number", r.number}, {"at", r.at}});
    return http::SendJson(req, restinio::status_ok(), {{"count", found->size()}, {"items", items}});
  });

  // The master person: every registration and the records in scope.
  router.http_get("/api/v1/masters/:id", [&app](const Req& req, auto params) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto q = http::ParseQuery(req);
    auto v = app::persons::GetMaster(app, *p, std::string(params["id"]), q["reason"]);
    if (!v.ok()) return Error(req, v.status());
    nlohmann::json rows = nlohmann::json::array(), refs = nlohmann::json::array(), merges = nlohmann::json::array();
    for (const auto& r : v->rows)
      rows.push_back({{"id", r.id}, {"surname", r.surname}, {"given_name", r.given_name},
                      {"patronymic", r.patronymic}, {"birth_date", r.birth_date}});
    for (const auto& r : v->refs)
      refs.push_back({{"kind", r.kind}, {"id", r.record_id}, {"number", r.number}, {"department", r.department},
                      {"role", r.role}, {"at", r.at}, {"person_id", r.person_id}});
    for (const auto& m : v->merges)
      merges.push_back({{"merge", m.entry_idx}, {"from", m.from_master}, {"persons", m.persons}});
    return http::SendJson(req, restinio::status_ok(),
                          {{"id", v->master_id}, {"rows", rows}, {"records", refs}, {"merges", merges}});
  });

  // {"into": person id, "from": person id, "reason": text}
  router.http_post("/api/v1/persons/merge", [&app](const Req& req, auto) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto body = JsonBody(req);
    if (!body) return Error(req, Status::Invalid("body must be a JSON object"));
    auto r = app::persons::MergePersons(app, *p, JsonStr(*body, "into"), JsonStr(*body, "from"),
                                        JsonStr(*body, "reason"));
    if (!r.ok()) return Error(req, r.status());
    return http::SendJson(req, restinio::status_created(), *r);
  });

  // {"merge": entry index, "reason": text}
  router.http_post("/api/v1/persons/unmerge", [&app](const Req& req, auto) {
    auto p = Auth(app, req);
    if (!p) return restinio::request_accepted();
    auto body = JsonBody(req);
    if (!body) return Error(req, Status::Invalid("body must be a JSON object"));
    auto it = body->find("merge");
    if (it == body->end() || !it->is_number_integer()) return Error(req, Status::Invalid("merge must be an entry index"));
    auto r = app::persons::UnmergePersons(app, *p, it->get<int64_t>(), JsonStr(*body, "reason"));
    if (!r.ok()) return Error(req, r.status());
    return http::SendJson(req, restinio::status_created(), *r);
  });
}

}  // namespace sabt::api
