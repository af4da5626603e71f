// `sabt demo --fill yes` (the default): after the departments, users and
// appeals of app/demo.h, work in every state, so that every start page and
// list has content (issue 14, item 8). Everything goes through the same use
// cases and writer commands as real work (registration, steps, the online
// queue), is a pure function of the seed apart from ids and codes, and is
// marked as demo ("[ДЕМО]" in accounts, summaries and notes):
//   - crime reports at DSH-SNO in every state: under check (fresh, due today,
//     overdue, extended), refusal proposed, refused, refusal annulled,
//     transfer pending, transferred (accepted at SUG-KHJ), case opened,
//     joined; one in every other district;
//   - cases investigating, suspended, in court (solved), closed, with persons;
//   - overdue appeals at DSH-SNO (deadline passed), some assigned to the desk
//     officer and the investigator, one with signs of a crime not referred;
//   - online submissions waiting in the queue;
//   - trips of the mobile unit DSH-SNO-M1 with stops at jamoats, written as
//     the unit's laptop would have synced them.
#pragma once
#include <cstdint>
#include <string>

#include "app/app.h"
#include "app/auth.h"
#include "app/demo/rng.h"

namespace sabt::app {

Status FillDemo(App& app, uint64_t seed);

// Pieces of FillDemo (app/demo/*.cc).
Result<Principal> DemoPrincipal(App& app, const std::string& username);
Status FillDemoCrime(App& app, DemoRng& rng);
Status FillDemoAppeals(App& app, DemoRng& rng);  // overdue appeals and the online queue
Status FillDemoTrips(App& app, DemoRng& rng);

}  // namespace sabt::app
