// Test fixture: a fresh temporary directory per test, removed afterwards,
// and a node (app::App) on a real SQLite file in it.
#pragma once
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "app/app.h"
#include "util/random.h"

namespace sabt::app {

class TempNodeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("sabt-test-" + RandomToken(6));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    app_.reset();
    std::filesystem::remove_all(dir_);
  }
  // A node on dir_/t.db (the same file each time: reopening sees what the last one wrote).
  std::unique_ptr<App> OpenApp() {
    NodeConfig cfg;
    cfg.db_url = "sqlite:" + (dir_ / "t.db").string();
    auto a = App::Open(cfg);
    EXPECT_TRUE(a.ok()) << a.status().ToString();
    return a.ok() ? std::move(*a) : nullptr;
  }
  std::filesystem::path dir_;
  std::unique_ptr<App> app_;  // for fixtures that keep one node open
};

}  // namespace sabt::app
