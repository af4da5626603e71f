#include "web/stats/svg_chart.h"

#include <algorithm>
#include <cstdio>

namespace sabt::web::stats {
namespace {

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string Open(const std::string& id, const std::string& title, double w, double h) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"" + XmlEscape(id) + "\" role=\"img\" " +
         "aria-labelledby=\"" + XmlEscape(id) + "-title\" viewBox=\"0 0 " + Num(w) + " " + Num(h) + "\" width=\"" +
         Num(w) + "\" height=\"" + Num(h) + "\"><title id=\"" + XmlEscape(id) + "-title\">" + XmlEscape(title) +
         "</title>";
}

std::string Text(double x, double y, const std::string& s, const char* anchor = "start", int size = 11) {
  return "<text x=\"" + Num(x) + "\" y=\"" + Num(y) + "\" font-size=\"" + std::to_string(size) +
         "\" text-anchor=\"" + anchor + "\" fill=\"#222\">" + XmlEscape(s) + "</text>";
}

// A polyline through the values on a [0, max] scale inside the box.
std::string Line(const std::vector<int64_t>& v, double x0, double y0, double w, double h, int64_t max,
                 const char* colour, bool dashed, const char* cls) {
  if (v.empty()) return "";
  std::string pts;
  for (size_t i = 0; i < v.size(); ++i) {
    double x = v.size() == 1 ? x0 + w / 2 : x0 + w * static_cast<double>(i) / static_cast<double>(v.size() - 1);
    double y = y0 + h - (max > 0 ? h * static_cast<double>(v[i]) / static_cast<double>(max) : 0);
    pts += (i ? " " : "") + Num(x) + "," + Num(y);
  }
  std::string out = "<polyline class=\"" + std::string(cls) + "\" fill=\"none\" stroke=\"" + colour +
                    "\" stroke-width=\"2\"" + (dashed ? " stroke-dasharray=\"5 3\"" : "") + " points=\"" + pts + "\"/>";
  if (v.size() == 1) {
    size_t comma = pts.find(',');
    out += "<circle cx=\"" + pts.substr(0, comma) + "\" cy=\"" + pts.substr(comma + 1) + "\" r=\"3\" fill=\"" +
           colour + "\"/>";
  }
  return out;
}

// At most `n` characters (UTF-8 code points), then "…".
std::string Shorten(const std::string& s, size_t n) {
  size_t chars = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (++chars > n) return s.substr(0, i) + "…";
  }
  return s;
}

}  // namespace

std::string XmlEscape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string BarChart(const std::string& id, const std::string& title, const std::vector<Bar>& bars) {
  const double label_w = 250, bar_w = 360, row_h = 22, top = 8;
  double h = top + row_h * static_cast<double>(std::max<size_t>(bars.size(), 1)) + 8;
  int64_t max = 0;
  for (const auto& b : bars) max = std::max(max, b.value);
  std::string out = Open(id, title, label_w + bar_w + 60, h);
  double y = top;
  for (const auto& b : bars) {
    double len = max > 0 && !b.hidden ? bar_w * static_cast<double>(b.value) / static_cast<double>(max) : 0;
    out += Text(label_w - 6, y + 15, Shorten(b.label, 38), "end");
    out += "<rect class=\"bar\" x=\"" + Num(label_w) + "\" y=\"" + Num(y + 3) + "\" width=\"" + Num(len) +
           "\" height=\"" + Num(row_h - 6) + "\" fill=\"#2f6f9f\"><title>" + XmlEscape(b.label) + ": " +
           (b.hidden ? "—" : std::to_string(b.value)) + "</title></rect>";
    out += Text(label_w + len + 4, y + 15, b.hidden ? "—" : std::to_string(b.value));
    y += row_h;
  }
  return out + "</svg>";
}

std::string LineChart(const std::string& id, const std::string& title, const std::vector<SeriesPoint>& points,
                      const std::string& now_label, const std::string& before_label) {
  const double left = 44, top = 26, w = 520, h = 180;
  std::vector<int64_t> now, before;
  int64_t max = 0;
  for (const auto& p : points) {
    now.push_back(p.now);
    before.push_back(p.before);
    max = std::max({max, p.now, p.before});
  }
  std::string out = Open(id, title, left + w + 20, top + h + 34);
  out += "<line x1=\"" + Num(left) + "\" y1=\"" + Num(top + h) + "\" x2=\"" + Num(left + w) + "\" y2=\"" +
         Num(top + h) + "\" stroke=\"#888\"/>";
  out += Text(left - 6, top + 4, std::to_string(max), "end", 10) + Text(left - 6, top + h, "0", "end", 10);
  out += Line(before, left, top, w, h, max, "#b0603a", true, "line-before");
  out += Line(now, left, top, w, h, max, "#2f6f9f", false, "line-now");
  for (size_t i = 0; i < points.size(); ++i) {
    if (points.size() > 12 && i % 3 != 0) continue;
    double x = points.size() == 1 ? left + w / 2
                                  : left + w * static_cast<double>(i) / static_cast<double>(points.size() - 1);
    out += Text(x, top + h + 16, points[i].label, "middle", 10);
  }
  out += "<rect x=\"" + Num(left) + "\" y=\"6\" width=\"14\" height=\"4\" fill=\"#2f6f9f\"/>" +
         Text(left + 18, 12, now_label, "start", 10);
  out += "<rect x=\"" + Num(left + 200) + "\" y=\"6\" width=\"14\" height=\"4\" fill=\"#b0603a\"/>" +
         Text(left + 218, 12, before_label, "start", 10);
  return out + "</svg>";
}

std::string SmallMultiples(const std::string& id, const std::string& title,
                           const std::vector<std::pair<std::string, std::vector<SeriesPoint>>>& panels) {
  const int cols = 3;
  const double pw = 190, ph = 90, pad = 14, head = 18;
  int rows = static_cast<int>((panels.size() + cols - 1) / cols);
  int64_t max = 0;
  for (const auto& [label, pts] : panels)
    for (const auto& p : pts) max = std::max({max, p.now, p.before});
  std::string out = Open(id, title, cols * (pw + pad), std::max(rows, 1) * (ph + head + pad));
  for (size_t i = 0; i < panels.size(); ++i) {
    double x = static_cast<double>(i % cols) * (pw + pad);
    double y = static_cast<double>(i / cols) * (ph + head + pad);
    const auto& [label, pts] = panels[i];
    std::vector<int64_t> now, before;
    for (const auto& p : pts) {
      now.push_back(p.now);
      before.push_back(p.before);
    }
    out += "<g class=\"panel\">" + Text(x, y + 12, Shorten(label, 32), "start", 10);
    out += "<rect x=\"" + Num(x) + "\" y=\"" + Num(y + head) + "\" width=\"" + Num(pw) + "\" height=\"" + Num(ph) +
           "\" fill=\"none\" stroke=\"#ccc\"/>";
    out += Line(before, x + 4, y + head + 4, pw - 8, ph - 8, max, "#b0603a", true, "line-before");
    out += Line(now, x + 4, y + head + 4, pw - 8, ph - 8, max, "#2f6f9f", false, "line-now");
    out += "</g>";
  }
  return out + "</svg>";
}

}  // namespace sabt::web::stats
