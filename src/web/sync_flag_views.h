// Sync flags on pages (docs/sync-protocol.md §4a): the conflict block of an
// appeal page (both versions), the "Devices" section of the head's oversight
// list (open conflicts and device alerts), and the alert rows of
// /admin/devices.
#pragma once
#include <mstch/mstch.hpp>
#include <nlohmann/json.hpp>

#include "app/app.h"
#include "store/rows.h"
#include "web/web_session.h"

namespace sabt::web {

// Sets d["conflict"] when the appeal has an open conflict with a laptop.
void AddConflictView(app::App& app, const WebRequest& w, const store::AppealRow& a, mstch::map& d);

// Sets d["time_doubt"] when the appeal's intake time is doubtful
// (docs/sync-protocol.md §11), with the figures.
void AddClockDoubtView(app::App& app, const WebRequest& w, const store::AppealRow& a, mstch::map& d);

// Sets d["sync_conflicts"], d["sync_doubts"], d["sync_alerts"] (and their *_empty flags) for
// the oversight list of a head or prosecutor.
void AddSyncOversightView(app::App& app, const WebRequest& w, mstch::map& d);

// Rows of device alerts (sync.alert projections) for a table.
mstch::array AlertRows(const nlohmann::json& alerts, const std::string& lang);

}  // namespace sabt::web
