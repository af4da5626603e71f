// Search for officers (issue 16; docs/persons-and-search.md §3, §6): persons
// by fuzzy name, ID document or phone, records by number or full text, and
// a master person's page. Everything is limited to the caller's department
// subtree; an oversight role gives a reason and each person it is shown is
// journaled as audit.viewed.
#pragma once
#include <string>
#include <vector>

#include "app/app.h"
#include "app/auth.h"
#include "domain/persons/score.h"
#include "store/person_rows.h"

namespace sabt::app::persons {

struct PersonResult {
  std::string master_id;
  store::PersonRow person;        // the master's own row (its founding registration)
  double score = 0;
  std::vector<std::string> why;
};

struct SearchResult {
  std::vector<PersonResult> persons;
  std::vector<store::RecordHit> records;
};

inline constexpr size_t kMaxQuery = 200;

// GET /api/v1/search/persons. kInvalid("query_required" | "bad_birth_date" |
// "reason_required"), kDenied.
Result<std::vector<PersonResult>> SearchPersons(App& app, const Principal& who, const std::string& q,
                                                const std::string& birth_date, const std::string& reason);

// GET /api/v1/search: persons as above, and records by number, ID document,
// phone, the found persons' records, and full text.
Result<SearchResult> SearchAll(App& app, const Principal& who, const std::string& q, const std::string& reason);

// A master person and their records in scope (the person page).
struct MasterView {
  std::string master_id;
  std::vector<store::PersonRow> rows;     // every registration of the person
  std::vector<store::PersonRefRow> refs;  // in scope, newest first
  std::vector<store::PersonMergeRow> merges;  // live merges into this master
};
// kNotFound when no row of the master has a record in scope.
Result<MasterView> GetMaster(App& app, const Principal& who, const std::string& person_id, const std::string& reason);

// Intake hint: appeals of the master matching this applicant (exact document,
// or a name and birth date scoring at least the offer threshold) registered in
// scope on or after `since` (ISO time).
Result<std::vector<store::PersonRefRow>> SimilarAppeals(App& app, const Principal& who,
                                                        const domain::persons::PersonName& applicant,
                                                        const std::string& id_document, const std::string& since);

// The intake hint of a just registered appeal: SimilarAppeals of its
// applicant in the 30 days before it, without the appeal itself.
Result<std::vector<store::PersonRefRow>> SimilarAppealsOf(App& app, const Principal& who, const std::string& appeal_id);

}  // namespace sabt::app::persons
