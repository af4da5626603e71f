#include "util/status.h"

namespace sabt {

const char* CodeName(Code c) {
  switch (c) {
    case Code::kOk: return "ok";
    case Code::kInvalid: return "invalid";
    case Code::kNotFound: return "not_found";
    case Code::kDenied: return "denied";
    case Code::kUnauthenticated: return "unauthenticated";
    case Code::kConflict: return "conflict";
    case Code::kCorruption: return "corruption";
    case Code::kIo: return "io";
    case Code::kUnavailable: return "unavailable";
    case Code::kInternal: return "internal";
  }
  return "unknown";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  return std::string(CodeName(code_)) + ": " + message_;
}

}  // namespace sabt
