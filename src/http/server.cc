#include "http/server.h"

#include <spdlog/spdlog.h>

#include <signal.h>
#include <unistd.h>

#include <iostream>
#include <thread>

#include "api/api.h"
#include "api/appeal_extra_api.h"
#include "api/persons/search_api.h"
#include "api/log_api.h"
#include "api/queue_api.h"
#include "api/signin_api.h"
#include "api/sync_api.h"
#include "app/sync_child.h"
#include "http/client_address.h"
#include "http/common.h"
#include "util/random.h"
#include "web/home/home_views.h"
#include "web/pages.h"

namespace sabt::http {
namespace {

struct Traits : public restinio::default_traits_t {
  using request_handler_t = restinio::default_request_handler_t;
};

Result<std::pair<std::string, uint16_t>> SplitListen(const std::string& listen) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) return Status::Invalid("--listen must be ADDRESS:PORT");
  try {
    int port = std::stoi(listen.substr(colon + 1));
    if (port < 0 || port > 65535) throw std::out_of_range("port");
    return std::make_pair(listen.substr(0, colon), static_cast<uint16_t>(port));
  } catch (const std::exception&) {
    return Status::Invalid("bad port in --listen " + listen);
  }
}

}  // namespace

Status Serve(app::App& app) {
  auto addr = SplitListen(app.config().listen);
  if (!addr.ok()) return addr.status();
  // Client addresses behind a TLS proxy (docs/security.md).
  auto proxies = TrustedProxies::Parse(app.config().trusted_proxies);
  if (!proxies.ok()) return proxies.status();
  SetTrustedProxies(*proxies);
  auto router = std::make_shared<Router>();
  api::AddRoutes(*router, app);
  api::AddSigninRoutes(*router, app);  // sign-in protection (issue 13 item 7)
  api::AddAppealExtraRoutes(*router, app);
  api::AddLogRoutes(*router, app);
  api::AddPersonSearchRoutes(*router, app);  // persons and search (issue 16)
  api::AddQueueRoutes(*router, app);
  api::AddSyncRoutes(*router, app);
  web::AddRoutes(*router, app);
  // Unknown addresses: an HTML page in the user's language with a way
  // forward; the machine paths (API, sync, log) keep answering JSON.
  router->non_matched_request_handler([&app](const Req& req) { return web::NotFoundResponse(app, req); });
  // One catch for the whole request: a stray exception becomes a 500 with a
  // correlation id in the log, never a dropped connection or a stack trace.
  auto handler = [router, &app](const Req& req) -> restinio::request_handling_status_t {
    if (req->body().size() > BodyLimit(req)) return SendJson(req, restinio::status_payload_too_large(), {{"error", "too_large"}});
    try {
      return (*router)(req);
    } catch (const std::exception& e) {
      std::string id = RandomToken(6);
      spdlog::error("request {} {} failed [{}]: {}", std::string(req->header().method().c_str()),
                    std::string(req->header().path()), id, e.what());
      try {
        return web::InternalErrorResponse(app, req, id);
      } catch (const std::exception&) {
        return SendJson(req, restinio::status_internal_server_error(), {{"error", "internal"}, {"correlation_id", id}});
      }
    }
  };
  // SIGTERM (blocked by the caller in all threads) is turned into the SIGINT
  // that RESTinio's run() stops on.
  std::thread term_waiter([] {
    sigset_t term;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    int sig = 0;
    if (sigwait(&term, &sig) == 0) ::kill(::getpid(), SIGINT);
  });
  term_waiter.detach();
  app.StartCheckpointer();
  // A field node syncs with its parent in the background while it serves.
  std::unique_ptr<app::SyncService> sync;
  // A field node, and a district enrolled at central (its upward link, §13).
  if ((app.config().role == "field" || app.config().role == "district") && app::ReadLink(app).ok())
    sync = std::make_unique<app::SyncService>(app);
  std::cout << "sabt: " << app.config().role << " node '" << app.config().origin << "' on " << app.store().Backend()
            << ", listening on http://" << app.config().listen << std::endl;
  try {
    restinio::run(restinio::on_thread_pool<Traits>(static_cast<size_t>(std::max(1, app.config().http_threads)))
                      .address(addr->first)
                      .port(addr->second)
                      .max_pipelined_requests(4)
                      .request_handler(handler)
                      .read_next_http_message_timelimit(std::chrono::seconds(30))
                      .handle_request_timeout(std::chrono::seconds(30)));
  } catch (const std::exception& e) {
    return Status::Io(std::string("HTTP server: ") + e.what());
  }
  std::cout << "sabt: stopped" << std::endl;
  return Status::Ok();
}

}  // namespace sabt::http
