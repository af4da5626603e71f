// The sync state of a field node, as shown on every page (layout.html,
// #sync-banner) and as JSON for the banner's polling script (GET /sync/state).
// Built from app::SyncStatus and the progress of app::SyncService.
#pragma once
#include <optional>
#include <string>

#include <mstch/mstch.hpp>
#include <nlohmann/json.hpp>

#include "app/app.h"

namespace sabt::web {

struct SyncBanner {
  int64_t pending = 0;
  bool running = false;
  int64_t done = 0, total = 0;
  std::string state;         // running | pending | synced | never
  std::string text;          // "pending 3" / "synced" / … in the page's language
  std::string last_success;  // local time, or the catalogue's "never"
  std::string last_error;
};

// Nothing on a node that is not an enrolled field node.
std::optional<SyncBanner> LoadSyncBanner(app::App& app, const std::string& lang);

// For the layout: {state, text, pending, running, done, total, has_total,
// last_success, last_error, back}.
mstch::map BannerMap(const SyncBanner& b, const std::string& back);
nlohmann::json BannerJson(const SyncBanner& b);

}  // namespace sabt::web
