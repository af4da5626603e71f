// Cached reference data: the department tree and the reference lists
// (channels, appeal categories). Readers take an immutable snapshot; the
// writer reloads it after a batch that changed any of them.
#pragma once
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "domain/appeal.h"
#include "domain/crime_keywords.h"
#include "domain/crime.h"
#include "domain/deadline.h"
#include "domain/department.h"
#include "store/store.h"

namespace sabt::app {

struct CatalogSnapshot {
  domain::DepartmentTree tree;
  std::vector<store::ReferenceItem> channels, categories, holidays, return_grounds;
  // Concealment guard: the crime keyword list (Tajik and Russian) and
  // numeric settings (code → extra.value), both admin-editable reference lists.
  std::vector<store::ReferenceItem> crime_keywords, settings;
  domain::KeywordMatcher keyword_matcher;
  int64_t Setting(const std::string& code, int64_t fallback) const;
  // Crime register: check deadlines (code → extra.days) and refusal grounds.
  std::vector<store::ReferenceItem> crime_deadlines, refusal_grounds;
  domain::CheckLimits CrimeLimits() const;
  // Online submissions: the grounds a desk officer may reject one on.
  std::vector<store::ReferenceItem> submission_reject_grounds;

  // The deadline rule of a category: extra.deadline_days (default 15),
  // extra.working_days (default false), and the holiday list.
  domain::DeadlineRule DeadlineFor(const std::string& category) const;
  // extra.max_extension_days of the category (default 30).
  int MaxExtensionDays(const std::string& category) const;

  domain::AppealReference AppealRef() const;
  // Name of a reference item in a language, or the code when unknown.
  std::string ItemName(const std::vector<store::ReferenceItem>& list, const std::string& code,
                       const std::string& lang) const;
};

class Catalog {
 public:
  Status Reload(store::Store& store);
  std::shared_ptr<const CatalogSnapshot> Get() const;

 private:
  mutable std::mutex mu_;  // guards snap_
  std::shared_ptr<const CatalogSnapshot> snap_ = std::make_shared<CatalogSnapshot>();
};

}  // namespace sabt::app
