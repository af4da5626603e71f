// What the programme and equipment pages share: error pages, the outcome of
// a form as a redirect or a message, and display helpers. No data access of
// its own: everything comes from src/app/programme.
#pragma once
#include <map>
#include <string>

#include <mstch/mstch.hpp>
#include <nlohmann/json.hpp>

#include "app/app.h"
#include "app/programme/programme_common.h"
#include "http/common.h"
#include "web/render.h"
#include "web/web_session.h"

namespace sabt::web::programme {

using Form = std::map<std::string, std::string>;

restinio::request_handling_status_t Message(const http::Req& req, const WebRequest& w,
                                            restinio::http_status_line_t st, const std::string& key);
restinio::request_handling_status_t Failure(const http::Req& req, const WebRequest& w, const Status& st);

// The outcome of a form: problems and conflicts as a message page (422 /
// 409) listing each problem, errors as their page, success as a redirect to
// `back` with the flash message `flash`.
restinio::request_handling_status_t Finish(const http::Req& req, WebRequest& w, const app::programme::Outcome& o,
                                           const std::string& back, const std::string& flash);

// Signed in and CSRF checked; on failure `out` holds the answer.
std::optional<Form> FormOf(app::App& app, const http::Req& req, WebRequest& w,
                           std::optional<restinio::request_handling_status_t>* out);

nlohmann::json ToJson(const Form& f);
// title {tg, ru, en} in the page's language (Tajik when missing).
std::string Pick(const nlohmann::json& title, const std::string& lang);
std::string UnitName(app::App& app, const std::string& code, const std::string& lang);
std::string Str(const nlohmann::json& j, const char* k);
// Unit choices of the caller's scope, for <select>.
mstch::array UnitChoices(app::App& app, const app::Principal& who, const std::string& lang,
                         const std::string& selected);

}  // namespace sabt::web::programme
