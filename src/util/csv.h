// A small RFC 4180 CSV reader for reference and demo data.
//
// Contract of ParseCsv:
//  - Fields are separated by ',' and records end with LF or CRLF. A CR that
//    is not followed by LF, outside quotes, is an error.
//  - A field that starts with '"' is quoted: it may contain commas, CR, LF and
//    doubled quotes ("" -> "). After the closing quote only ',', a line end or
//    the end of input may follow.
//  - A '"' inside an unquoted field is an error.
//  - A final line end does not start a new record; an empty input gives no
//    records; an empty line in the middle is a record with one empty field.
//  - A leading UTF-8 byte order mark is skipped. Bytes are otherwise passed
//    through unchanged (no UTF-8 validation, no trimming).
//  - Errors are Status::Invalid with the 1-based physical line number where
//    the malformed record starts: "CSV line N: ..." (plus the line where the
//    problem was found when the record spans several lines).
//  - Records may have different numbers of fields; callers check that.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace sabt {

using CsvRow = std::vector<std::string>;

Result<std::vector<CsvRow>> ParseCsv(std::string_view text);

}  // namespace sabt
