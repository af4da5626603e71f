// A running node: its store, writer, cached catalogue and configuration.
// Every use case in src/app/ takes an App&. Thread-safe: all members are
// safe to use from any HTTP thread.
#pragma once
#include <memory>
#include <string>

#include "app/catalog.h"
#include "app/writer.h"
#include "store/store.h"
#include "util/clock.h"

namespace sabt::app {

struct NodeConfig {
  std::string db_url;                 // "sqlite:PATH" or "postgres://…"
  std::string origin = "central";     // node id written into every entry
  std::string role = "central";       // central | district | field
  std::string listen = "127.0.0.1:8080";
  std::string public_url;             // base URL printed on receipts; default http://<listen>
  int http_threads = 4;
  int session_ttl_minutes = 8 * 60;
  bool secure_cookies = false;        // set behind TLS
  size_t max_batch = 256;
};

class App {
 public:
  static Result<std::unique_ptr<App>> Open(const NodeConfig& cfg, const Clock& clock = SystemClock::Instance());

  store::Store& store() { return *store_; }
  Writer& writer() { return *writer_; }
  const Catalog& catalog() const { return catalog_; }
  const Clock& clock() const { return clock_; }
  const NodeConfig& config() const { return cfg_; }

 private:
  App(const NodeConfig& cfg, const Clock& clock) : cfg_(cfg), clock_(clock) {}
  NodeConfig cfg_;
  const Clock& clock_;
  std::unique_ptr<store::Store> store_;
  Catalog catalog_;
  std::unique_ptr<Writer> writer_;
};

}  // namespace sabt::app
