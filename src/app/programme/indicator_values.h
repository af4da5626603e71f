// Indicator values (docs/programme.md §3): each indicator's formula evaluated
// month by month over the statistics counters (app/stats/counter_reader.h),
// for the whole register. Computed when read, never stored or typed in, so
// a value follows every registration (a laptop's too, once synced) and is
// the same after `sabt rebuild`.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/app.h"
#include "app/stats/counter_reader.h"

namespace sabt::app::programme {

struct IndicatorMonth {
  int month = 0;                // YYYYMM
  std::optional<double> value;  // none: a counter is missing or a division by zero
};

// The indicator's values for the `months` months ending with `last_month`
// (YYYYMM), oldest first. An invalid formula is kInvalid.
Result<std::vector<IndicatorMonth>> IndicatorSeries(App& app, const nlohmann::json& indicator, int last_month,
                                                    int months = 12);

// The indicator's value over each of `ranges` (months, inclusive; the
// counters summed over the range before the formula is applied), for the
// subtree of department `root`, or the whole register when `root` is "".
// One read snapshot for all of them. An invalid formula is kInvalid.
Result<std::vector<std::optional<double>>> IndicatorValues(App& app, const nlohmann::json& indicator,
                                                           const std::string& root,
                                                           const std::vector<stats::MonthRange>& ranges);

// The current month in Dushanbe (YYYYMM), by the node's clock.
int CurrentMonth(App& app);

}  // namespace sabt::app::programme
