// sabt init | serve | demo
#include <spdlog/spdlog.h>

#include <pthread.h>
#include <signal.h>

#include <iostream>

#include "app/demo.h"
#include "app/video/video_config.h"
#include "cli/commands.h"
#include "cli/config.h"
#include "http/server.h"
#include "util/file_clock.h"
#include "util/offset_clock.h"

namespace sabt::cli {
namespace {

struct NodeArgs {
  app::NodeConfig cfg;
  std::string config_file;
  uint64_t seed = 20261127;
  int appeals = 300;
  std::string demo_fill = "yes";  // sabt demo --fill yes|no
  int64_t clock_offset_seconds = 0;
  bool allow_owner_role = false;
  std::string clock_offset_file;
  std::string video_config;  // video link (docs/video.md §1)
};

Result<std::unique_ptr<app::App>> OpenApp(const app::NodeConfig& cfg, const Clock& clock = SystemClock::Instance()) {
  auto a = app::App::Open(cfg, clock);
  if (!a.ok()) std::cerr << "sabt: cannot open " << cfg.db_url << ": " << a.status().ToString() << "\n";
  return a;
}

}  // namespace

void RegisterNodeCommands(CLI::App& cli) {
  auto args = std::make_shared<NodeArgs>();
  args->cfg.db_url = DefaultDb();

  auto* init = cli.add_subcommand("init", "Create a node database (schema and default reference lists)");
  init->add_option("--db", args->cfg.db_url, "Database URL: sqlite:PATH or postgres://…")->capture_default_str();
  init->add_option("--origin", args->cfg.origin, "Node id written into journal entries")->capture_default_str();
  init->add_option("--key", args->cfg.key_file, "Node key file to create (default: next to the SQLite database)");
  init->add_option("--log-origin", args->cfg.log_origin, "Checkpoint origin line (default sabt/<origin>)");
  init->callback([args] {
    auto a = OpenApp(args->cfg);
    if (!a.ok()) return SetExitCode(1);
    Status st = app::LoadDefaultReference(**a);
    if (st.ok()) st = (*a)->EnsureNodeKey();
    if (!st.ok()) {
      std::cerr << "sabt init: " << st.ToString() << "\n";
      return SetExitCode(1);
    }
    std::cout << "initialised " << args->cfg.db_url << " (journal size " << (*a)->writer().Head().first
              << "); node key " << (*a)->KeyPath() << ": " << (*a)->key()->VerifierKey() << "\n";
  });

  auto* demo = cli.add_subcommand("demo", "Fill an empty node with clearly marked demo data and print the logins");
  demo->add_option("--db", args->cfg.db_url, "Database URL")->capture_default_str();
  demo->add_option("--seed", args->seed, "Seed: the same seed gives the same names, texts and passwords")
      ->capture_default_str();
  demo->add_option("--appeals", args->appeals, "How many demo appeals")->capture_default_str()->check(
      CLI::Range(0, 1000000));
  demo->add_option("--fill", args->demo_fill,
                   "yes: also crime reports and cases in every state, trips, online submissions waiting and overdue "
                   "appeals, so every page has content; no: departments, users and appeals only")
      ->capture_default_str()
      ->check(CLI::IsMember({"yes", "no"}));
  demo->callback([args] {
    auto a = OpenApp(args->cfg);
    if (!a.ok()) return SetExitCode(1);
    app::DemoOptions o;
    o.seed = args->seed;
    o.appeals = args->appeals;
    o.fill = args->demo_fill == "yes";
    o.progress = [](int done, int total) { std::cerr << "\rdemo appeals: " << done << "/" << total << std::flush; };
    auto logins = app::GenerateDemo(**a, o);
    std::cerr << "\n";
    if (!logins.ok()) {
      std::cerr << "sabt demo: " << logins.status().ToString() << "\n";
      return SetExitCode(1);
    }
    std::cout << "DEMO DATA (not real people). Logins (username, password, role, department, TOTP secret for an "
                 "authenticator app where the role needs one):\n";
    for (const auto& l : *logins)
      std::cout << "  " << l.username << "\t" << l.password << "\t" << l.role << "\t" << l.department
                << (l.totp_uri.empty() ? "" : "\t" + l.totp_uri) << "\n";
  });

  auto* serve = cli.add_subcommand("serve", "Run a node: the web pages and the JSON API");
  serve->add_option("--config", args->config_file, "TOML config file (see docs/sabt.example.toml)");
  serve->add_option("--db", args->cfg.db_url, "Database URL")->capture_default_str();
  serve->add_option("--listen", args->cfg.listen, "Address:port to listen on")->capture_default_str();
  serve->add_option("--origin", args->cfg.origin, "Node id")->capture_default_str();
  serve->add_option("--role", args->cfg.role, "central | district | field")
      ->check(CLI::IsMember({"central", "district", "field"}))
      ->capture_default_str();
  serve->add_option("--public-url", args->cfg.public_url, "Base URL printed on receipts");
  serve->add_option("--threads", args->cfg.http_threads, "HTTP threads")->capture_default_str();
  serve->add_option("--key", args->cfg.key_file, "Node key file (default: next to the SQLite database)");
  serve->add_option("--log-origin", args->cfg.log_origin, "Checkpoint origin line (default sabt/<origin>)");
  serve->add_option("--witness", args->cfg.witness_url, "Send each checkpoint to this witness node for cosigning");
  serve->add_option("--witness-key", args->cfg.witness_key,
                    "The witness's verifier key (out of band): its cosignatures are checked and shown on /verify");
  serve->add_option("--witness-label", args->cfg.witness_label, "The witness's name for citizens on /verify");
  serve->add_option("--witness-for", args->cfg.witness_for,
                    "Witness another log: <origin>=<verifier key> (repeatable)");
  serve->add_option("--public-rate-limit", args->cfg.public_rate_limit,
                    "Public status look-ups per minute per client address (0 = no limit; for benchmarks only)")
      ->capture_default_str();
  serve->add_option("--public-submit-limit", args->cfg.public_submit_limit,
                    "Online submissions per minute per client address (0 = no limit)")
      ->capture_default_str();
  serve->add_option("--parent", args->cfg.parent_url, "Field node: parent URL (default: the one from enrolment)");
  serve->add_option("--sync-interval", args->cfg.sync_interval_seconds, "Field node: seconds between sync rounds")
      ->capture_default_str();
  serve->add_option("--sync-batch", args->cfg.sync_batch, "Field node: entries per pushed batch")->capture_default_str();
  serve->add_option("--max-skew-minutes", args->cfg.max_skew_minutes, "Parent: flag device clocks off by more")
      ->capture_default_str();
  serve->add_option("--purge-grace-days", args->cfg.purge_grace_days,
                    "Field node: days to keep personal data after the parent's ack")
      ->capture_default_str();
  serve->add_option("--enrolment-ttl", args->cfg.enrolment_ttl_seconds, "Parent: seconds an enrolment code stays valid")
      ->capture_default_str();
  serve->add_option("--clock-offset-seconds", args->clock_offset_seconds,
                    "Run this node's clock off by N seconds (clock-skew tests and drills only)");
  serve->add_flag("--allow-owner-role", args->allow_owner_role,
                  "PostgreSQL: start even when the --db role may rewrite the journal (development only)");
  // Sign-in protection (docs/security.md "Sign-in and sessions").
  serve->add_option("--clock-offset-file", args->clock_offset_file,
                    "Add the number of seconds written in this file, read at every clock reading (tests only)");
  serve->add_option("--session-ttl-minutes", args->cfg.session_ttl_minutes, "A session ends this long after sign-in")
      ->capture_default_str();
  serve->add_option("--session-idle-minutes", args->cfg.session_idle_minutes,
                    "A session ends after this long without a request")
      ->capture_default_str();
  serve->add_option("--video-config", args->video_config,
                    "Video link settings written by `sabt video setup` (docs/video.md); none: video off");
  serve->add_option("--trusted-proxy", args->cfg.trusted_proxies,
                    "A TLS proxy (IP or CIDR) whose X-Forwarded-For gives the client address (repeatable)");
  serve->callback([args, serve] {
    app::NodeConfig cfg = args->cfg;
    if (!args->config_file.empty()) {
      // The file first, then the flags given explicitly on top of it.
      app::NodeConfig file_cfg = cfg;
      Status st = LoadConfigFile(args->config_file, &file_cfg);
      if (!st.ok()) {
        std::cerr << "sabt serve: " << st.ToString() << "\n";
        return SetExitCode(2);
      }
      if (serve->count("--db")) file_cfg.db_url = cfg.db_url;
      if (serve->count("--listen")) file_cfg.listen = cfg.listen;
      if (serve->count("--origin")) file_cfg.origin = cfg.origin;
      if (serve->count("--role")) file_cfg.role = cfg.role;
      if (serve->count("--public-url")) file_cfg.public_url = cfg.public_url;
      if (serve->count("--threads")) file_cfg.http_threads = cfg.http_threads;
      if (serve->count("--key")) file_cfg.key_file = cfg.key_file;
      if (serve->count("--witness")) file_cfg.witness_url = cfg.witness_url;
      if (serve->count("--witness-for")) file_cfg.witness_for = cfg.witness_for;
      if (serve->count("--witness-key")) file_cfg.witness_key = cfg.witness_key;
      if (serve->count("--witness-label")) file_cfg.witness_label = cfg.witness_label;
      if (serve->count("--public-rate-limit")) file_cfg.public_rate_limit = cfg.public_rate_limit;
      if (serve->count("--public-submit-limit")) file_cfg.public_submit_limit = cfg.public_submit_limit;
      if (serve->count("--parent")) file_cfg.parent_url = cfg.parent_url;
      if (serve->count("--sync-interval")) file_cfg.sync_interval_seconds = cfg.sync_interval_seconds;
      if (serve->count("--sync-batch")) file_cfg.sync_batch = cfg.sync_batch;
      if (serve->count("--purge-grace-days")) file_cfg.purge_grace_days = cfg.purge_grace_days;
      if (serve->count("--enrolment-ttl")) file_cfg.enrolment_ttl_seconds = cfg.enrolment_ttl_seconds;
      if (serve->count("--max-skew-minutes")) file_cfg.max_skew_minutes = cfg.max_skew_minutes;
      if (serve->count("--session-ttl-minutes")) file_cfg.session_ttl_minutes = cfg.session_ttl_minutes;
      if (serve->count("--session-idle-minutes")) file_cfg.session_idle_minutes = cfg.session_idle_minutes;
      if (serve->count("--trusted-proxy")) file_cfg.trusted_proxies = cfg.trusted_proxies;
      cfg = file_cfg;
    }
    // Video link (docs/video.md §1): the flag, else [node] video_config; a
    // named file that cannot be read stops the start.
    std::string video_config = args->video_config;
    if (video_config.empty() && !args->config_file.empty()) {
      auto p = app::video::VideoConfigPathOf(args->config_file);
      if (!p.ok()) {
        std::cerr << "sabt serve: " << p.status().ToString() << "\n";
        return SetExitCode(2);
      }
      video_config = *p;
    }
    if (!video_config.empty()) {
      auto v = app::video::LoadVideoConfig(video_config);
      if (!v.ok()) {
        std::cerr << "sabt serve: " << v.status().ToString() << "\n";
        return SetExitCode(2);
      }
      app::video::InstallVideoConfig(*v);
    }
    // SIGTERM is handled like SIGINT (graceful stop): block it in every
    // thread started from here; the server waits for it on its own thread.
    sigset_t term;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &term, nullptr);
    // The App keeps a reference to its clock: it lives as long as the process.
    static const OffsetClock skewed(args->clock_offset_seconds * 1000);
    static const FileOffsetClock from_file(args->clock_offset_file, args->clock_offset_seconds * 1000);
    const Clock& clock = !args->clock_offset_file.empty() ? static_cast<const Clock&>(from_file)
                         : args->clock_offset_seconds != 0 ? static_cast<const Clock&>(skewed)
                                                           : SystemClock::Instance();
    auto a = OpenApp(cfg, clock);
    if (!a.ok()) return SetExitCode(1);
    // Least privilege on PostgreSQL is not optional (docs/operations.md
    // "PostgreSQL roles"): a role that may rewrite the journal is refused.
    auto owner = (*a)->store().RoleMayRewriteJournal();
    if (!owner.ok()) {
      std::cerr << "sabt serve: " << owner.status().ToString() << "\n";
      return SetExitCode(1);
    }
    if (owner->has_value()) {
      std::string why = "the database role \"" + **owner +
                        "\" may UPDATE/DELETE/TRUNCATE the journal (it owns the tables or is a superuser): a "
                        "compromised node could rewrite history";
      if (!args->allow_owner_role) {
        std::cerr << "sabt serve: " << why
                  << ". Run the node as an application role and give the owner's URL in SABT_PG_OWNER_URL "
                     "(docs/operations.md, \"PostgreSQL roles\"), or pass --allow-owner-role for a development "
                     "setup.\n";
        return SetExitCode(1);
      }
      spdlog::warn("{}; started anyway because of --allow-owner-role (development only)", why);
    }
    if (!(*a)->key() && (*a)->store().ReadOnly()) {
      std::cerr << "sabt serve: read-only standby without a node key: serving the primary's checkpoints, "
                   "refusing writes\n";
    } else if (!(*a)->key()) {
      std::cerr << "sabt serve: no node key at " << (*a)->KeyPath() << "; run `sabt init --db " << cfg.db_url << "`\n";
      return SetExitCode(1);
    }
    Status st = http::Serve(**a);
    if (!st.ok()) {
      std::cerr << "sabt serve: " << st.ToString() << "\n";
      return SetExitCode(1);
    }
  });
}

}  // namespace sabt::cli
