#include "cli/config.h"

#include <set>
#include <toml.hpp>

namespace sabt::cli {

Status LoadConfigFile(const std::string& path, app::NodeConfig* cfg) {
  try {
    const auto data = toml::parse(path);
    static const std::set<std::string> kKnown = {"db",      "origin", "role",           "listen",
                                                 "public_url", "http_threads", "session_ttl_minutes",
                                                 "secure_cookies", "max_batch", "key_file", "log_origin",
                                                 "witness_url", "witness_for", "witness_key", "witness_label", "public_rate_limit",
                                                 "public_submit_limit", "parent_url",
                                                 "sync_interval_seconds", "sync_batch", "purge_grace_days",
                                                 "max_skew_minutes",
                                                 // Sign-in protection (docs/security.md).
                                                 "session_idle_minutes", "lockout_failures", "lockout_minutes",
                                                 "trusted_proxies",
                                                 "video_config"};  // video link: read by app::video::VideoConfigPathOf
    const auto& node = toml::find(data, "node");
    for (const auto& [k, v] : node.as_table())
      if (!kKnown.count(k)) return Status::Invalid(path + ": unknown key node." + k);
    cfg->db_url = toml::find_or<std::string>(node, "db", cfg->db_url);
    cfg->origin = toml::find_or<std::string>(node, "origin", cfg->origin);
    cfg->role = toml::find_or<std::string>(node, "role", cfg->role);
    cfg->listen = toml::find_or<std::string>(node, "listen", cfg->listen);
    cfg->public_url = toml::find_or<std::string>(node, "public_url", cfg->public_url);
    cfg->http_threads = static_cast<int>(toml::find_or<std::int64_t>(node, "http_threads", std::int64_t{cfg->http_threads}));
    cfg->session_ttl_minutes = static_cast<int>(toml::find_or<std::int64_t>(node, "session_ttl_minutes", std::int64_t{cfg->session_ttl_minutes}));
    cfg->secure_cookies = toml::find_or<bool>(node, "secure_cookies", cfg->secure_cookies);
    cfg->max_batch = static_cast<size_t>(toml::find_or<std::int64_t>(node, "max_batch", static_cast<std::int64_t>(cfg->max_batch)));
    cfg->key_file = toml::find_or<std::string>(node, "key_file", cfg->key_file);
    cfg->log_origin = toml::find_or<std::string>(node, "log_origin", cfg->log_origin);
    cfg->witness_url = toml::find_or<std::string>(node, "witness_url", cfg->witness_url);
    cfg->witness_key = toml::find_or<std::string>(node, "witness_key", cfg->witness_key);
    cfg->witness_label = toml::find_or<std::string>(node, "witness_label", cfg->witness_label);
    cfg->public_rate_limit = static_cast<int>(toml::find_or<std::int64_t>(node, "public_rate_limit", std::int64_t{cfg->public_rate_limit}));
    cfg->public_submit_limit = static_cast<int>(toml::find_or<std::int64_t>(node, "public_submit_limit", std::int64_t{cfg->public_submit_limit}));
    cfg->parent_url = toml::find_or<std::string>(node, "parent_url", cfg->parent_url);
    cfg->sync_interval_seconds = static_cast<int>(toml::find_or<std::int64_t>(node, "sync_interval_seconds", std::int64_t{cfg->sync_interval_seconds}));
    cfg->sync_batch = static_cast<int>(toml::find_or<std::int64_t>(node, "sync_batch", std::int64_t{cfg->sync_batch}));
    cfg->purge_grace_days = static_cast<int>(toml::find_or<std::int64_t>(node, "purge_grace_days", std::int64_t{cfg->purge_grace_days}));
    cfg->max_skew_minutes = static_cast<int>(toml::find_or<std::int64_t>(node, "max_skew_minutes", std::int64_t{cfg->max_skew_minutes}));
    if (node.contains("witness_for")) cfg->witness_for = toml::find<std::vector<std::string>>(node, "witness_for");
    // Sign-in protection (docs/security.md "Sign-in and sessions").
    cfg->session_idle_minutes = static_cast<int>(
        toml::find_or<std::int64_t>(node, "session_idle_minutes", std::int64_t{cfg->session_idle_minutes}));
    cfg->lockout_failures =
        static_cast<int>(toml::find_or<std::int64_t>(node, "lockout_failures", std::int64_t{cfg->lockout_failures}));
    cfg->lockout_minutes =
        static_cast<int>(toml::find_or<std::int64_t>(node, "lockout_minutes", std::int64_t{cfg->lockout_minutes}));
    if (node.contains("trusted_proxies"))
      cfg->trusted_proxies = toml::find<std::vector<std::string>>(node, "trusted_proxies");
    return Status::Ok();
  } catch (const std::exception& e) {
    return Status::Invalid("cannot read config " + path + ": " + e.what());
  }
}

}  // namespace sabt::cli
