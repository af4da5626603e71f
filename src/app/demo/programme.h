// `sabt demo`, reform programme part (issue 17, docs/programme.md): a
// programme coordinator and a partner account, the Police Reform Programme
// 2021–2025 with its components and Joint Action Plan activities, the two
// working groups with meetings and decisions, indicators over the statistics
// counters, and the donated equipment with its handover acts. Every record
// is marked demo. The content is a pure function of the seed and today's
// date (deadlines are set around today so that some are overdue).
#pragma once
#include <cstdint>
#include <vector>

#include "app/demo.h"

namespace sabt::app {

Status AddProgrammeDemo(App& app, uint64_t seed, std::vector<DemoLogin>* logins);

}  // namespace sabt::app
