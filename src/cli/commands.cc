#include "cli/commands.h"

#include <cstdlib>

namespace sabt::cli {
namespace {
int g_exit_code = 0;
}

int ExitCode() { return g_exit_code; }
void SetExitCode(int code) { g_exit_code = code; }

std::string DefaultDb() {
  const char* env = std::getenv("SABT_DB");
  return env && *env ? env : "sqlite:sabt.db";
}

void RegisterCommands(CLI::App& app) {
  RegisterNodeCommands(app);
  RegisterAdminCommands(app);
  RegisterJournalCommands(app);
  RegisterLogCommands(app);
}

}  // namespace sabt::cli
