#include "util/csv.h"

#include <utility>

namespace sabt {
namespace {

Status CsvError(size_t row_line, size_t at_line, std::string_view what) {
  std::string m = "CSV line " + std::to_string(row_line) + ": " + std::string(what);
  if (at_line != row_line) m += " (at line " + std::to_string(at_line) + ")";
  return Status::Invalid(std::move(m));
}

}  // namespace

Result<std::vector<CsvRow>> ParseCsv(std::string_view in) {
  if (in.substr(0, 3) == "\xEF\xBB\xBF") in.remove_prefix(3);
  std::vector<CsvRow> rows;
  if (in.empty()) return rows;

  const size_t n = in.size();
  size_t i = 0;
  size_t line = 1;      // physical line of position i
  size_t row_line = 1;  // physical line where the current record starts
  CsvRow row;
  std::string field;
  while (true) {
    if (i < n && in[i] == '"') {  // quoted field
      ++i;
      while (true) {
        if (i >= n) return CsvError(row_line, line, "unterminated quoted field");
        char c = in[i];
        if (c == '"') {
          if (i + 1 < n && in[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        if (c == '\n') ++line;
        field += c;
        ++i;
      }
      if (i < n && in[i] != ',' && in[i] != '\n' && in[i] != '\r') {
        return CsvError(row_line, line, "unexpected character after closing quote");
      }
    } else {  // unquoted field
      while (i < n && in[i] != ',' && in[i] != '\n' && in[i] != '\r') {
        if (in[i] == '"') return CsvError(row_line, line, "quote inside unquoted field");
        field += in[i++];
      }
    }
    row.push_back(std::move(field));
    field.clear();
    if (i >= n) {
      rows.push_back(std::move(row));
      break;
    }
    if (in[i] == ',') {
      ++i;
      continue;
    }
    if (in[i] == '\r') {
      if (i + 1 >= n || in[i + 1] != '\n') return CsvError(row_line, line, "CR without LF");
      ++i;
    }
    ++i;  // the LF
    ++line;
    rows.push_back(std::move(row));
    row.clear();
    row_line = line;
    if (i >= n) break;
  }
  return rows;
}

}  // namespace sabt
