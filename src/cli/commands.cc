#include "cli/commands.h"
#include "cli/video_commands.h"

#include <cstdlib>
#include <iostream>

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

Result<std::unique_ptr<app::App>> OpenNode(const std::string& db) {
  app::NodeConfig cfg;
  cfg.db_url = db;
  auto a = app::App::Open(cfg);
  if (!a.ok()) std::cerr << "sabt: cannot open " << db << ": " << a.status().ToString() << "\n";
  return a;
}

void RegisterCommands(CLI::App& app) {
  RegisterNodeCommands(app);
  RegisterAdminCommands(app);
  RegisterJournalCommands(app);
  RegisterLogCommands(app);
  RegisterMigrateCommands(app);
  RegisterBackupCommands(app);
  RegisterClassifierCommands(app);
  RegisterStatsCommands(app);  // statistics (issue 15)
  RegisterSyncCommands(app);
  RegisterVideoCommands(app);  // video link
}

}  // namespace sabt::cli
