// sabt stats import FILE (issue 15, docs/statistics.md §2.1)
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/stats/report_import.h"
#include "cli/commands.h"

namespace sabt::cli {

void RegisterStatsCommands(CLI::App& cli) {
  struct Args {
    std::string db = DefaultDb();
    std::string file;
  };
  auto args = std::make_shared<Args>();
  auto* st = cli.add_subcommand("stats", "Statistics report definitions");
  st->require_subcommand(1);
  auto* imp = st->add_subcommand("import", "Add or replace a report definition (JSON, docs/statistics.md)");
  imp->add_option("--db", args->db, "Database URL")->capture_default_str();
  imp->add_option("FILE", args->file, "JSON file")->required();
  imp->callback([args] {
    std::ifstream in(args->file, std::ios::binary);
    if (!in) {
      std::cerr << "sabt stats import: cannot read " << args->file << "\n";
      return SetExitCode(1);
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    auto a = OpenNode(args->db);
    if (!a.ok()) return SetExitCode(1);
    auto r = app::stats::ImportReportDef(**a, ss.str(), "system");
    if (!r.ok()) {
      std::cerr << "sabt stats import: " << args->file << ": " << r.status().message() << "\n";
      return SetExitCode(1);
    }
    std::cout << "report " << (*r)["id"].get<std::string>() << " defined (entry " << (*r)["entry"] << ")\n";
  });
}

}  // namespace sabt::cli
