// Pages of persons and search (issue 16; docs/persons-and-search.md §6):
// /search with one box, and the master person page /persons/{id} with the
// head's merge and unmerge forms.
#pragma once
#include <string>

#include "app/app.h"
#include "http/common.h"
#include "web/render.h"
#include "web/web_session.h"

namespace sabt::web {

void AddPersonSearchRoutes(http::Router& router, app::App& app);

// At intake (the page of a just registered appeal): "N similar appeals from
// this person in the last 30 days" as d["similar_hint"] and d["similar"]
// (links), when there are any.
void AddSimilarAppealsHint(app::App& app, const WebRequest& w, const std::string& appeal_id, mstch::map& d);

// The hint while the officer types (intake_hint_views.cc): GET
// /search/similar-appeals, JSON for web/static/intake_hint.js.
void AddIntakeHintRoute(http::Router& router, app::App& app);
// "N similar appeals from this person in the last 30 days" in `lang`.
std::string SimilarAppealsText(const std::string& lang, size_t n);

}  // namespace sabt::web
