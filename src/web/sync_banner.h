// The sync state of a field node or a district (its link up to central), as shown on every page (layout.html,
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
  int64_t forwarding = 0;     // a district: its laptops' entries among `pending`
  bool running = false;
  int64_t done = 0, total = 0;
  std::string state;         // running | pending | synced | never
  std::string text;          // "pending 3" / "synced" / … in the page's language
  std::string forwarding_text;  // "of them 2 from laptops", or empty
  std::string last_success;  // local time, or the catalogue's "never"
  std::string last_error;
};

// Nothing on a node that is not an enrolled field node or district.
std::optional<SyncBanner> LoadSyncBanner(app::App& app, const std::string& lang);

// For the layout: {state, text, pending, forwarding, has_forwarding,
// forwarding_text, running, done, total, has_total, last_success, last_error, back}.
mstch::map BannerMap(const SyncBanner& b, const std::string& back);
nlohmann::json BannerJson(const SyncBanner& b);

}  // namespace sabt::web
