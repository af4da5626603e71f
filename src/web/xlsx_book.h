// An XLSX workbook made in memory with libxlsxwriter, for the exports that
// send one (statistics reports, the quarterly programme report).
// libxlsxwriter 1.1 writes to a file, so the workbook goes to a private
// temporary file that is read back and removed. Thread-safe: one workbook
// and one file per call.
#pragma once
#include <xlsxwriter.h>

#include <functional>
#include <string>

#include "util/status.h"

namespace sabt::web {

// Creates a workbook, lets `fill` add its sheets, closes it and returns the
// bytes. An error of `fill` is returned as it is (the file is removed).
Result<std::string> MakeWorkbook(const std::function<Status(lxw_workbook*)>& fill);

}  // namespace sabt::web
