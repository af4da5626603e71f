// The quarterly programme report as a file (docs/programme.md §5), shared by
// the page route and the API route: the parameters checked, the report made
// for the caller, written as PDF or XLSX, with its content type and name.
#pragma once
#include <map>
#include <string>

#include "app/app.h"
#include "app/auth.h"

namespace sabt::web::programme {

struct ReportFile {
  std::string bytes, content_type, file_name;
};

// `query`: quarter, lang (default tg), format (pdf default, xlsx),
// department (default the caller's). Errors: kInvalid whose message is a
// catalogue key without "err_" (prr_quarter, prr_not_begun, prr_lang,
// prr_format) → 400; kDenied → 403; kNotFound (department outside the
// scope) → 404.
Result<ReportFile> MakeReportFile(app::App& app, const app::Principal& who,
                                  const std::map<std::string, std::string>& query);

}  // namespace sabt::web::programme
