// sabt: one binary for every node role. See `sabt --help`.
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App cli{"Sabt: the register of citizens' appeals and crime reports (Tajik, Russian, English).\n"
               "Every change is an entry in a signed, append-only, Merkle-hashed journal."};
  cli.require_subcommand(1);
  cli.set_version_flag("--version", "sabt 0.1.0");
  sabt::cli::RegisterCommands(cli);
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }
  return sabt::cli::ExitCode();
}
