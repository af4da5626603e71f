#include "http/router.h"

namespace sabt::http {
namespace {

// A path with no parameter, group, wildcard or optional part: the regular
// expression can only match it (up to case, a trailing slash and encoding).
bool IsStatic(std::string_view path) { return path.find_first_of(":()*?+") == std::string_view::npos; }

}  // namespace

void Router::Add(restinio::http_method_id_t method, std::string_view path, Handler h) {
  if (IsStatic(path)) {
    // Would a route added earlier answer this exact path? Then the walk
    // decides, as before, and the table stays out of it.
    restinio::http_request_header_t probe(method, std::string(path));
    bool shadowed = false;
    for (const auto& e : entries_) {
      restinio::router::impl::target_path_holder_t target(path);
      restinio::router::route_params_t params;
      if (e.match(probe, target, params)) {
        shadowed = true;
        break;
      }
    }
    auto& slot = exact_[std::string(path)];
    bool same_method = false;
    for (const auto& x : slot) same_method = same_method || x.method == method;
    if (!shadowed && !same_method) {
      slot.push_back({method, entries_.size()});
      ++exact_count_;
    }
  }
  entries_.emplace_back(method, path, std::move(h));
}

restinio::request_handling_status_t Router::operator()(Request req) const {
  auto hit = exact_.find(std::string(req->header().path()));
  if (hit != exact_.end()) {
    for (const auto& x : hit->second)
      if (x.method == req->header().method()) return entries_[x.index].handle(std::move(req), {});
  }
  restinio::router::impl::target_path_holder_t target(req->header().path());
  restinio::router::route_params_t params;
  for (const auto& e : entries_)
    if (e.match(req->header(), target, params)) return e.handle(std::move(req), std::move(params));
  if (non_matched_) return non_matched_(std::move(req));
  return restinio::request_not_handled();
}

}  // namespace sabt::http
