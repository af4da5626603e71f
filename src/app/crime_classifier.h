// The classifier of Criminal Code articles (issue #4): import of a new
// version from CSV (one journal entry), and look-ups. Every import is a new
// version; old versions stay, so a qualification (article, part, version)
// keeps its meaning.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "app/app.h"
#include "domain/crime.h"
#include "store/rows.h"

namespace sabt::app {

struct ClassifierImport {
  std::vector<domain::LineProblem> problems;  // non-empty: nothing loaded
  Result<nlohmann::json> reply = Status::Internal("not run");  // {version, rows}
};
// expected_version >= 0: the import applies only while the current version is
// that one (checked inside the writer; kConflict otherwise), for the admin
// page's preview-then-apply.
ClassifierImport ImportClassifier(App& app, std::string_view csv, const std::string& actor,
                                  int64_t expected_version = -1);

struct Classifier {
  int64_t version = 0;
  bool sample = false;
  std::vector<store::ClassifierRow> articles;
  const store::ClassifierRow* Find(const std::string& article, const std::string& part) const;
};
// version 0: the current one.
Result<Classifier> LoadClassifier(store::ReadTx& tx, int64_t version = 0);
Result<Classifier> LoadClassifier(App& app, int64_t version = 0);

// Loads data/classifier-sample.csv when the node has no classifier yet.
Status LoadDefaultClassifier(App& app);

}  // namespace sabt::app
