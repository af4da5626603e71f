// A problem on one line of an uploaded CSV file (the classifier, reference
// lists): the line, an English message for the CLI and the JSON API, and the
// same problems as (field, code, value) for pages in the user's language
// (catalogue keys "csv_err_<code>" and "csv_field_<field>").
#pragma once
#include <string>
#include <vector>

namespace sabt::domain {

struct CsvIssue {
  std::string field;  // a column name ("severity"), or "file", "header", "columns"
  std::string code;   // "required", "unknown_value", "duplicate", "bad_date", …
  std::string value;  // the offending value, when there is one
};

struct LineProblem {
  int line = 0;  // 1-based physical line of the CSV file (0: the file as a whole)
  std::string message;
  std::vector<CsvIssue> issues;
};

}  // namespace sabt::domain
