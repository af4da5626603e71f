// Witnessing other logs (docs/verification.md §5, C2SP tlog-witness). The
// witness keeps, per origin, the last (size, root) it cosigned, and cosigns a
// new checkpoint only if the log's signature is valid and a consistency proof
// links it to that state. A split view (two roots for one size, or an
// inconsistent root) is refused, logged, and recorded as `witness.alert`.
#pragma once
#include <string>

#include "app/app.h"

namespace sabt::app {

struct WitnessReply {
  int http_status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;  // the cosignature line on success
};

WitnessReply WitnessAddCheckpoint(App& app, const std::string& request_body);

}  // namespace sabt::app
