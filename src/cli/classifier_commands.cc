// sabt classifier import FILE | classifier list
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/crime_classifier.h"
#include "cli/commands.h"

namespace sabt::cli {

void RegisterClassifierCommands(CLI::App& cli) {
  struct Args {
    std::string db = DefaultDb();
    std::string file;
    int64_t version = 0;
  };
  auto args = std::make_shared<Args>();
  auto* cl = cli.add_subcommand("classifier", "The classifier of Criminal Code articles (versioned)");
  cl->require_subcommand(1);
  auto* imp = cl->add_subcommand(
      "import", "Load a new version from CSV: article,part,severity,title_tg,title_ru,title_en[,sample]");
  imp->add_option("--db", args->db, "Database URL")->capture_default_str();
  imp->add_option("FILE", args->file, "CSV file")->required();
  imp->callback([args] {
    std::ifstream in(args->file, std::ios::binary);
    if (!in) {
      std::cerr << "sabt classifier import: cannot read " << args->file << "\n";
      return SetExitCode(1);
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    auto a = OpenNode(args->db);
    if (!a.ok()) return SetExitCode(1);
    auto r = app::ImportClassifier(**a, ss.str(), "system");
    if (!r.problems.empty()) {
      for (const auto& p : r.problems) std::cerr << args->file << ":" << p.line << ": " << p.message << "\n";
      std::cerr << "sabt classifier import: " << r.problems.size() << " bad line(s); nothing loaded\n";
      return SetExitCode(1);
    }
    if (!r.reply.ok()) {
      std::cerr << "sabt classifier import: " << r.reply.status().ToString() << "\n";
      return SetExitCode(1);
    }
    std::cout << "loaded classifier version " << (*r.reply)["version"] << " (" << (*r.reply)["rows"] << " articles) from "
              << args->file << "\n";
  });
  auto* list = cl->add_subcommand("list", "Print a classifier version (default: the current one)");
  list->add_option("--db", args->db, "Database URL")->capture_default_str();
  list->add_option("--version", args->version, "Version number");
  list->callback([args] {
    auto a = OpenNode(args->db);
    if (!a.ok()) return SetExitCode(1);
    auto c = app::LoadClassifier(**a, args->version);
    if (!c.ok()) {
      std::cerr << "sabt classifier list: " << c.status().ToString() << "\n";
      return SetExitCode(1);
    }
    std::cout << "version " << c->version << (c->sample ? " (SAMPLE, not the official code)" : "") << "\n";
    for (const auto& r : c->articles)
      std::cout << r.article << "\t" << r.part << "\t" << r.severity << "\t" << r.title_en << "\n";
  });
}

}  // namespace sabt::cli
