#include "app/app.h"

#include <spdlog/spdlog.h>

#include "journal/appender.h"

namespace sabt::app {

Result<std::unique_ptr<App>> App::Open(const NodeConfig& cfg, const Clock& clock) {
  std::unique_ptr<App> app(new App(cfg, clock));
  auto store = store::OpenStore(cfg.db_url);
  if (!store.ok()) return store.status();
  app->store_ = std::move(*store);
  auto tx = app->store_->Read();
  if (!tx.ok()) return tx.status();
  auto appender = journal::Appender::Load(**tx, cfg.origin);
  tx->reset();
  if (!appender.ok()) return appender.status();
  SABT_RETURN_IF_ERROR(app->catalog_.Reload(*app->store_));
  Writer::Options wo;
  wo.max_batch = cfg.max_batch;
  app->writer_ = std::make_unique<Writer>(*app->store_, std::move(*appender), clock, wo);
  App* raw = app.get();
  app->writer_->OnCatalogChange([raw] {
    Status st = raw->catalog_.Reload(*raw->store_);
    if (!st.ok()) spdlog::error("catalogue reload failed: {}", st.ToString());  // keeps the previous snapshot
  });
  return app;
}

}  // namespace sabt::app
