// The request router: RESTinio's express routes (matched with PCRE2, in the
// order they were added, first match wins) plus a table of the routes whose
// path has no parameter, looked up by method and exact path before the walk.
//
// The walk tries each route's regular expression in turn; with ~200 routes a
// page near the end of the list paid for every one before it, and that was
// the largest user-space cost left on the public status page
// (docs/benchmarks.md). The table never changes which handler answers: a
// static route enters it only if no route added before it matches its path
// and method (checked when it is added), and everything else (parameters,
// a trailing slash, other letter case, percent-encoding) falls through to
// the walk exactly as before.
#pragma once
#include <string>
#include <unordered_map>
#include <vector>

#include <restinio/all.hpp>
#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <restinio/router/pcre2_regex_engine.hpp>

namespace sabt::http {

class Router {
 public:
  using Engine = restinio::router::pcre2_regex_engine_t<>;
  using Entry = restinio::router::generic_express_route_entry_t<Engine, restinio::no_extra_data_factory_t>;
  using Handler = Entry::actual_request_handler_t;
  using Request = Entry::actual_request_handle_t;
  using NonMatched = restinio::router::generic_non_matched_request_handler_t<restinio::no_extra_data_factory_t::data_t>;

  void http_get(std::string_view path, Handler h) { Add(restinio::http_method_get(), path, std::move(h)); }
  void http_post(std::string_view path, Handler h) { Add(restinio::http_method_post(), path, std::move(h)); }
  void non_matched_request_handler(NonMatched h) { non_matched_ = std::move(h); }

  restinio::request_handling_status_t operator()(Request req) const;

  // How many routes the exact-path table holds (tests, start-up log).
  size_t exact_routes() const { return exact_count_; }

 private:
  struct Exact {
    restinio::http_method_id_t method;
    size_t index;  // into entries_
  };
  void Add(restinio::http_method_id_t method, std::string_view path, Handler h);

  std::vector<Entry> entries_;
  std::unordered_map<std::string, std::vector<Exact>> exact_;
  size_t exact_count_ = 0;
  NonMatched non_matched_;
};

}  // namespace sabt::http
