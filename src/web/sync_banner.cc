#include "web/sync_banner.h"

#include <algorithm>

#include "app/sync_child.h"
#include "http/i18n.h"
#include "util/clock.h"
#include "util/json_str.h"

namespace sabt::web {
namespace {

std::string Replace(std::string text, const std::string& key, const std::string& value) {
  size_t at = text.find(key);
  if (at != std::string::npos) text.replace(at, key.size(), value);
  return text;
}

}  // namespace

std::optional<SyncBanner> LoadSyncBanner(app::App& app, const std::string& lang) {
  const std::string& role = app.config().role;
  if (role != "field" && role != "district") return std::nullopt;
  auto s = app::SyncStatus(app);
  if (!s.ok() || !s->value("enrolled", false)) return std::nullopt;
  SyncBanner b;
  b.pending = s->value("pending", int64_t{0});
  b.forwarding = s->value("forward_pending", int64_t{0});
  b.running = s->value("running", false);
  const auto& progress = s->value("progress", nlohmann::json::object());
  b.done = progress.value("done", int64_t{0});
  b.total = progress.value("total", int64_t{0});
  b.last_error = JsonStr(*s, "last_error");
  std::string success = JsonStr(*s, "last_success_at");
  auto ms = ParseRfc3339(success);
  b.last_success = ms.ok() ? FormatLocal(*ms) : http::T(lang, "sync_never_time");
  if (b.running) b.state = "running";
  else if (b.pending > 0) b.state = "pending";
  else if (!success.empty()) b.state = "synced";
  else b.state = "never";
  // The headline is about what is left to send; "synced" only once nothing
  // is pending and at least one round succeeded.
  if (b.pending > 0) b.text = Replace(http::T(lang, "sync_pending"), "{n}", std::to_string(b.pending));
  else if (!success.empty()) b.text = http::T(lang, "sync_synced");
  else b.text = http::T(lang, "sync_never");
  if (b.forwarding > 0) b.forwarding_text = Replace(http::T(lang, "sync_forwarding"), "{n}", std::to_string(b.forwarding));
  return b;
}

mstch::map BannerMap(const SyncBanner& b, const std::string& back) {
  return mstch::map{{"state", b.state},
                    {"text", b.text},
                    {"pending", std::to_string(b.pending)},
                    {"forwarding", std::to_string(b.forwarding)},
                    {"has_forwarding", b.forwarding > 0},
                    {"forwarding_text", b.forwarding_text},
                    {"running", b.running},
                    {"running_attr", std::string(b.running ? "1" : "0")},
                    {"done", std::to_string(std::min(b.done, std::max<int64_t>(b.total, 1)))},
                    {"max", std::to_string(std::max<int64_t>(b.total, 1))},
                    {"has_total", b.total > 0},
                    {"last_success", b.last_success},
                    {"last_error", b.last_error},
                    {"back", back}};
}

nlohmann::json BannerJson(const SyncBanner& b) {
  return {{"state", b.state},   {"text", b.text},   {"pending", b.pending}, {"forwarding", b.forwarding},
          {"running", b.running}, {"done", b.done},   {"total", b.total},
          {"last_success", b.last_success}, {"last_error", b.last_error}};
}

}  // namespace sabt::web
