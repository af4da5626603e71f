// Internal to the crime register's app files: the one place a new crime
// report is numbered and journaled (direct registration, an appeal's
// referral, an accepted transfer).
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "app/writer.h"

namespace sabt::app {

struct NewReport {
  std::string kind;  // crime.registered | crime.transfer_accepted
  std::string id, actor, department, source, event_at;
  int64_t received_at_ms = 0;
  std::string article, part, severity;
  int64_t classifier_version = 0;
  int64_t check_days = 3;
  std::string person_id;  // known person (referral, transfer); else linked by the reporter's ID document
  std::string appeal_id, appeal_number, from_report, from_number;
  nlohmann::json payload = nlohmann::json::object();
};

// Numbers the report in KUSP-<department> and records the entry. Returns
// {id, number, due_date, entry}.
Result<nlohmann::json> RecordNewReport(WriteContext& ctx, const NewReport& r);

}  // namespace sabt::app
