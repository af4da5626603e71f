// The history of a record (appeal, crime report or case) as people read it:
// the step in words, then what it did in words: the state entered, the
// officer, the ground, the agency, the days. No journal codes reach the page;
// the JSON API keeps the codes (app::HistoryLine::detail).
#pragma once
#include <mstch/mstch.hpp>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/appeal_steps.h"

namespace sabt::web {

// Rows {index, at, kind, actor, detail} for the history tables.
mstch::array HistoryRows(app::App& app, const std::vector<app::HistoryLine>& lines, const std::string& lang);

// The detail of one line in words ("" when the step says it all).
std::string HistoryDetail(app::App& app, const app::HistoryLine& line, const std::string& lang);

}  // namespace sabt::web
