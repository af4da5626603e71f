// Indicator formulas (docs/programme.md §3): arithmetic over statistics
// counter names. Parsed once into a small tree; evaluated for a period
// through a lookup the caller supplies (the statistics reading interface in
// the app layer). Pure: no I/O.
//
//   expr   = term { ("+" | "-") term }
//   term   = factor { ("*" | "/") factor }
//   factor = number | counter | "distinct(" prefix ".*" ")" | "(" expr ")" | "-" factor
//   counter = name | name ".*"      (a prefix sum, docs/statistics.md §2.2)
//
// The lookup is asked for each counter by its text: "appeal.mobile",
// "appeal.received.channel.*", "distinct(trip.stop.jamoat.*)".
// Limits: at most 200 characters, 20 counter references, nesting depth 20.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace sabt::domain::programme {

class Formula {
 public:
  // kInvalid with a message naming the position of the first problem.
  static Result<Formula> Parse(std::string_view text);

  // The distinct counter names, in order of first use.
  const std::vector<std::string>& Counters() const { return counters_; }

  // nullopt when a counter has no value (lookup answers nullopt) or a
  // division by zero occurs: the indicator then has no value for the period.
  std::optional<double> Evaluate(const std::function<std::optional<double>(const std::string&)>& lookup) const;

  struct Node;

 private:
  std::shared_ptr<const Node> root_;
  std::vector<std::string> counters_;
};

// True when `name` is a well-formed counter name: [a-z0-9_.], starting with
// a letter, at most 80 characters, no empty segment; optionally ending ".*".
bool IsCounterName(std::string_view name);

}  // namespace sabt::domain::programme
