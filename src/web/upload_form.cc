#include "web/upload_form.h"

#include <restinio/helpers/file_upload.hpp>
#include <restinio/helpers/multipart_body.hpp>

namespace sabt::web {

using http::Req;

std::optional<Upload> ParseUpload(const Req& req) {
  Upload u;
  bool ok = true;
  auto r = restinio::multipart_body::enumerate_parts(
      *req,
      [&](restinio::multipart_body::parsed_part_t part) {
        auto file = restinio::file_upload::analyze_part(std::move(part));
        if (file) {
          if (file->name == "file" && !u.has_file) {
            u.has_file = true;
            u.name = file->filename ? *file->filename : "";
            u.bytes.assign(file->body.data(), file->body.size());
          }
          return restinio::multipart_body::handling_result_t::continue_enumeration;
        }
        return restinio::multipart_body::handling_result_t::continue_enumeration;
      },
      "multipart", "form-data");
  if (!r) ok = false;
  // The CSRF field is a plain part; read it separately.
  auto r2 = restinio::multipart_body::enumerate_parts(
      *req,
      [&](restinio::multipart_body::parsed_part_t part) {
        auto cd = part.fields.opt_value_of(restinio::http_field::content_disposition);
        if (!cd) return restinio::multipart_body::handling_result_t::continue_enumeration;
        auto parsed = restinio::http_field_parsers::content_disposition_value_t::try_parse(*cd);
        if (!parsed) return restinio::multipart_body::handling_result_t::continue_enumeration;
        auto name = restinio::http_field_parsers::find_first(parsed->parameters, "name");
        if (name && *name == "csrf") u.csrf.assign(part.body.data(), part.body.size());
        return restinio::multipart_body::handling_result_t::continue_enumeration;
      },
      "multipart", "form-data");
  if (!r2) ok = false;
  if (!ok) return std::nullopt;
  return u;
}

}  // namespace sabt::web
