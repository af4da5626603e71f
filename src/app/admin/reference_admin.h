// Reference lists and the Criminal Code classifier edited in the browser
// (docs/api.md "GET /admin/reference"): a CSV upload is checked by the same
// parser as the CLI, previewed against the current list, and applied by the
// same code as the CLI. National data: only an admin of the root department.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "app/app.h"
#include "app/auth.h"
#include "domain/csv_problem.h"

namespace sabt::app {

constexpr const char* kClassifierList = "classifier";
constexpr size_t kMaxReferenceUpload = 512 * 1024;

// kDenied unless `who` is an admin whose department is the root of the tree.
Status RequireNationalAdmin(App& app, const Principal& who);

struct ListSummary {
  std::string list;
  int64_t rows = 0;
  int64_t version = 0;  // the classifier's current version; 0 for lists
};
Result<std::vector<ListSummary>> ReferenceSummaries(App& app, const Principal& who);

struct FieldChange {
  std::string field, before, after;
};
struct RowChange {
  std::string key;     // the code (classifier: "article/part")
  std::string change;  // "added", "changed", "removed"
  std::vector<FieldChange> fields;
};
struct UploadCheck {
  std::vector<domain::LineProblem> problems;  // non-empty: nothing would be (or was) applied
  std::vector<RowChange> changes;
  int64_t rows = 0;   // rows in the file
  std::string base;   // what the preview was made against (list digest or classifier version)
};

// Checks `csv` for `list` (a reference list or "classifier") and compares it
// with the current content. Writes nothing. kInvalid for an unknown list.
Result<UploadCheck> PreviewUpload(App& app, const Principal& who, const std::string& list, std::string_view csv);

// Parses again and applies in one journal entry (actor: the admin), only
// while the list is still `base` (kConflict otherwise). A file with problems
// applies nothing and comes back with them.
Result<UploadCheck> ApplyUpload(App& app, const Principal& who, const std::string& list, std::string_view csv,
                                const std::string& base);

}  // namespace sabt::app
