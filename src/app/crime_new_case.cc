#include "app/crime_new_case.h"

#include "domain/role.h"

namespace sabt::app {

Result<NewCaseParties> CaseParties(App& app, const Principal& who, const std::string& investigator,
                                   const std::string& link_victim, domain::Problems* problems) {
  NewCaseParties out;
  out.link_victim = !(link_victim == "false" || link_victim == "no" || link_victim == "0");
  if (who.role == domain::Role::kInvestigator) {
    if (!investigator.empty() && investigator != who.user.username)
      return Status::Denied("only the head assigns another investigator");
    out.investigator_id = who.user.id;
    out.investigator_department = who.user.department;
    return out;
  }
  if (investigator.empty()) {
    problems->push_back({"investigator", "required"});
    return out;
  }
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto u = (*tx)->UserByUsername(investigator);
  if (!u.ok()) return u.status();
  if (!u->has_value() || (*u)->disabled || (*u)->role != "investigator") {
    problems->push_back({"investigator", "unknown_value"});
    return out;
  }
  out.investigator_id = (*u)->id;
  out.investigator_department = (*u)->department;
  return out;
}

Result<std::vector<journal::NewEntry>> NewCaseFacts(const CatalogSnapshot& snap, const Principal& actor,
                                                    const store::CrimeRecordRow& report, const std::string& case_id,
                                                    const std::string& case_number, const NewCaseParties& parties,
                                                    int64_t now_ms) {
  std::vector<journal::NewEntry> out;
  auto fact = [&](const char* kind, nlohmann::json data) {
    journal::NewEntry e;
    e.kind = kind;
    e.subject = case_id;
    e.actor = actor.user.id;
    e.at_ms = now_ms;
    e.data = std::move(data);
    e.data["number"] = case_number;
    out.push_back(std::move(e));
  };
  if (!parties.investigator_id.empty()) {
    const std::string& d = parties.investigator_department;
    if (!snap.tree.InScope(report.department, d) && !snap.tree.InScope(d, report.department))
      return Status::Invalid("the investigator does not work in this department");
    fact("case.investigator_assigned", {{"investigator", parties.investigator_id}});
  }
  if (parties.link_victim && !report.person_id.empty())
    fact("case.person_added", {{"person_id", report.person_id}, {"role", "victim"}, {"from_report", true}});
  return out;
}

}  // namespace sabt::app
