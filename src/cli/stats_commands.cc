// sabt stats import FILE (issue 15, docs/statistics.md §2.1)
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/stats/incident_export.h"
#include "app/stats/report_import.h"
#include "domain/stats/schema_check.h"
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

  // sabt export validate FILE: a structured export against its schema (§5).
  auto file = std::make_shared<std::string>();
  auto* ex = cli.add_subcommand("export", "Structured exports (docs/statistics.md)");
  ex->require_subcommand(1);
  auto* val = ex->add_subcommand("validate", "Check a file against docs/stats-export.schema.json");
  val->add_option("FILE", *file, "JSON file")->required();
  val->callback([file] {
    std::ifstream in(*file, std::ios::binary);
    if (!in) {
      std::cerr << "sabt export validate: cannot read " << *file << "\n";
      return SetExitCode(1);
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    auto doc = nlohmann::json::parse(ss.str(), nullptr, false);
    if (doc.is_discarded()) {
      std::cerr << *file << ": not JSON\n";
      return SetExitCode(1);
    }
    auto schema = app::stats::IncidentSchema();
    if (!schema.ok()) {
      std::cerr << "sabt export validate: " << schema.status().message() << "\n";
      return SetExitCode(1);
    }
    auto problems = domain::stats::CheckAgainstSchema(*schema, doc);
    for (const auto& p : problems) std::cerr << *file << ": " << p << "\n";
    if (!problems.empty()) return SetExitCode(1);
    std::cout << *file << ": valid (" << doc.value("incidents", nlohmann::json::array()).size() << " incidents)\n";
  });
}

}  // namespace sabt::cli
