// The `sabt` subcommands. Each registers itself on the CLI11 app with its own
// --help and runs when parsed; the exit code is collected in ExitCode().
#pragma once
#include <CLI/CLI.hpp>

#include <memory>
#include <string>

#include "app/app.h"

namespace sabt::cli {

void RegisterCommands(CLI::App& app);
int ExitCode();
void SetExitCode(int code);

// Per-family registration (one file each).
void RegisterNodeCommands(CLI::App& app);    // init, serve, demo
void RegisterAdminCommands(CLI::App& app);   // user, department, reference
void RegisterJournalCommands(CLI::App& app); // verify, rebuild
void RegisterLogCommands(CLI::App& app);     // erase, key, verify-receipt
void RegisterMigrateCommands(CLI::App& app); // migrate
void RegisterBackupCommands(CLI::App& app);  // backup
void RegisterClassifierCommands(CLI::App& app);  // classifier import, list
void RegisterSyncCommands(CLI::App& app);    // enroll, sync
void RegisterStatsCommands(CLI::App& app);   // stats import (issue 15)

// Opens a node on `db` with default settings; prints the failure to stderr.
Result<std::unique_ptr<app::App>> OpenNode(const std::string& db);

// Default database URL: $SABT_DB, else sqlite:sabt.db.
std::string DefaultDb();

}  // namespace sabt::cli
