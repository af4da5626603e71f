#include "app/app.h"

#include <spdlog/spdlog.h>

#include <cstdio>

#include "journal/appender.h"

namespace sabt::app {

Result<std::unique_ptr<App>> App::Open(const NodeConfig& cfg, const Clock& clock) {
  std::unique_ptr<App> app(new App(cfg, clock));
  auto store = store::OpenStore(cfg.db_url);
  if (!store.ok()) return store.status();
  app->store_ = std::move(*store);
  auto tx = app->store_->Read();
  if (!tx.ok()) return tx.status();
  // An enrolled field node takes its origin and role from its sync link.
  auto link = (*tx)->LocalState("link");
  if (link.ok() && link->has_value()) {
    auto j = nlohmann::json::parse(**link, nullptr, false);
    if (j.is_object() && j.contains("origin")) {
      app->cfg_.origin = j["origin"].get<std::string>();
      // A district enrolled at central keeps its role (sync-protocol.md §13).
      app->cfg_.role = j.value("role", std::string()) == "district" ? "district" : "field";
    }
  }
  auto appender = journal::Appender::Load(**tx, app->cfg_.origin);
  tx->reset();
  if (!appender.ok()) return appender.status();
  SABT_RETURN_IF_ERROR(app->catalog_.Reload(*app->store_));
  Writer::Options wo;
  wo.max_batch = cfg.max_batch;
  // Entries another process appended (an administrator's import or erasure
  // while the node runs) are picked up within 2 s, lists included. A standby
  // cannot write, so it does not look.
  wo.idle_check_ms = app->store_->ReadOnly() ? 0 : 2000;
  app->writer_ = std::make_unique<Writer>(*app->store_, std::move(*appender), clock, wo);
  auto key = journal::LoadNodeKey(app->KeyPath());
  if (key.ok()) app->key_ = std::move(*key);
  else if (key.status().code() != Code::kNotFound) return key.status();
  if (!cfg.witness_url.empty()) app->witness_ = std::make_unique<WitnessPusher>(cfg.witness_url);
  App* raw = app.get();
  app->writer_->OnCatalogChange([raw] {
    Status st = raw->catalog_.Reload(*raw->store_);
    if (!st.ok()) spdlog::error("catalogue reload failed: {}", st.ToString());  // keeps the previous snapshot
  });
  return app;
}

App::~App() {
  stop_ = true;
  if (checkpointer_.joinable()) checkpointer_.join();
}

std::string App::KeyPath() const {
  return cfg_.key_file.empty() ? journal::DefaultKeyPath(cfg_.db_url, cfg_.origin) : cfg_.key_file;
}

Status App::EnsureNodeKey() {
  if (key_) return Status::Ok();
  auto k = journal::CreateNodeKey(KeyPath(), cfg_.LogOrigin());
  if (!k.ok()) return k.status();
  std::string vkey = k->VerifierKey();
  auto r = writer_->Run([vkey, name = k->name](WriteContext& ctx) -> Result<nlohmann::json> {
    journal::NewEntry e;
    e.kind = "node.key_registered";
    e.subject = name;
    e.actor = "system";
    e.at_ms = ctx.now_ms();
    e.data = {{"verifier_key", vkey}};
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    return nlohmann::json::object();
  });
  if (!r.ok()) return r.status();
  key_ = std::move(*k);
  return Status::Ok();
}

Status App::RotateKey() {
  if (!key_) return Status::NotFound("no node key to rotate (run `sabt init`)");
  std::string path = KeyPath();
  std::string fresh = path + ".new";
  std::remove(fresh.c_str());
  auto k = journal::CreateNodeKey(fresh, key_->name);
  if (!k.ok()) return k.status();
  std::string vkey = k->VerifierKey(), old = key_->VerifierKey();
  auto r = writer_->Run([vkey, old, name = k->name](WriteContext& ctx) -> Result<nlohmann::json> {
    journal::NewEntry e;
    e.kind = "node.key_rotated";
    e.subject = name;
    e.actor = "system";
    e.at_ms = ctx.now_ms();
    e.data = {{"verifier_key", vkey}, {"previous_key", old}};
    auto ap = ctx.Record(std::move(e));
    if (!ap.ok()) return ap.status();
    return nlohmann::json::object();
  });
  if (!r.ok()) {
    std::remove(fresh.c_str());
    return r.status();
  }
  // The rotation is covered by a checkpoint signed by the key it replaces,
  // so the chain of keys can be followed from the first one
  // (`sabt verify --trusted-key`, docs/verification.md §6).
  Status cp = CheckpointNow();
  if (!cp.ok())
    return Status(cp.code(), "the rotation is journaled but no checkpoint was signed with the old key (" +
                                 cp.message() + "); the new key waits in " + fresh);
  std::string retired = path + ".retired-" + std::to_string(clock_.NowMillis());
  if (std::rename(path.c_str(), retired.c_str()) != 0 || std::rename(fresh.c_str(), path.c_str()) != 0)
    return Status::Io("the new key is journaled but the key file could not be swapped; move " + fresh + " to " + path);
  key_ = std::move(*k);
  return Status::Ok();
}

}  // namespace sabt::app
