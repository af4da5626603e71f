// Statistics (issue 15): charts drawn on the server as SVG text, for the
// statistics pages. Every text is escaped here; colours are presentation
// attributes (no style element, so the page's CSP holds). Each chart carries
// a <title> and role="img"; the data table beside it is the accessible
// version. Pure functions, no I/O.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace sabt::web::stats {

struct Bar {
  std::string label;
  int64_t value = 0;
  bool hidden = false;  // suppressed: drawn as an empty bar marked "<k"
};

// Horizontal bars, one per row (e.g. per district), longest scale = max.
std::string BarChart(const std::string& id, const std::string& title, const std::vector<Bar>& bars);

struct SeriesPoint {
  std::string label;  // "2026-03"
  int64_t now = 0, before = 0;
};

// Two lines over the months: this period (solid) and a year before (dashed).
std::string LineChart(const std::string& id, const std::string& title, const std::vector<SeriesPoint>& points,
                      const std::string& now_label, const std::string& before_label);

// A grid of small line charts on one shared scale (the pilot districts).
std::string SmallMultiples(const std::string& id, const std::string& title,
                           const std::vector<std::pair<std::string, std::vector<SeriesPoint>>>& panels);

// XML text escape (& < > " ').
std::string XmlEscape(const std::string& s);

}  // namespace sabt::web::stats
