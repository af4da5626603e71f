// A multipart/form-data form with the CSRF field and one file named "file"
// (the appeal page's attachments, a programme activity's evidence). In one
// file of its own because restinio's multipart helpers define non-inline
// functions: only one translation unit may include them.
#pragma once
#include <optional>
#include <string>

#include "http/common.h"

namespace sabt::web {

struct Upload {
  std::string csrf, name, bytes;
  bool has_file = false;
};
// nullopt when the body is not well-formed multipart/form-data.
std::optional<Upload> ParseUpload(const http::Req& req);

}  // namespace sabt::web
