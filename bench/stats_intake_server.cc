// The node's HTTP server for bench/stats_bench.sh's intake measurement
// (issue 15: "how much the counters slow registration", docs/statistics.md §6).
//
//   stats_intake_server --db URL --listen 127.0.0.1:PORT [--threads N] --counters on|off
//
// The same server as `sabt serve` (http::Serve over app::App) in one binary
// for both runs, so the two rates differ only by the counters. With
// `--counters off` it calls app::stats::StopCountersForMeasurementOnly()
// before serving: entries are projected without the counters. That switch
// exists for this measurement only. The sabt binary cannot reach it, so a
// node in service always keeps its counters. A database written with
// `--counters off` is a throwaway: `sabt verify`'s recount reports that its
// counters disagree with the records. This binary is built only by `make bench`.
#include <csignal>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "app/app.h"
#include "app/stats/stat_projection.h"
#include "http/server.h"

int main(int argc, char** argv) {
  CLI::App cli{"sabt serve for the statistics intake benchmark (counters on or off)"};
  sabt::app::NodeConfig cfg;
  std::string counters;
  cli.add_option("--db", cfg.db_url)->required();
  cli.add_option("--listen", cfg.listen)->required();
  cli.add_option("--threads", cfg.http_threads)->capture_default_str();
  cli.add_option("--counters", counters)->required()->check(CLI::IsMember({"on", "off"}));
  CLI11_PARSE(cli, argc, argv);
  cfg.public_rate_limit = 0;
  // SIGTERM stops the server gracefully, as in `sabt serve`.
  sigset_t term;
  sigemptyset(&term);
  sigaddset(&term, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &term, nullptr);
  if (counters == "off") {
    sabt::app::stats::StopCountersForMeasurementOnly();
    std::cerr << "stats_intake_server: COUNTERS NOT MAINTAINED (measurement only; this database's statistics are "
                 "wrong and `sabt verify` will say so)\n";
  }
  auto app = sabt::app::App::Open(cfg);
  if (!app.ok()) {
    std::cerr << "stats_intake_server: " << app.status().ToString() << "\n";
    return 1;
  }
  if (!(*app)->key()) {
    std::cerr << "stats_intake_server: no node key; run `sabt init` first\n";
    return 1;
  }
  sabt::Status st = sabt::http::Serve(**app);
  if (!st.ok()) {
    std::cerr << "stats_intake_server: " << st.ToString() << "\n";
    return 1;
  }
  return 0;
}
