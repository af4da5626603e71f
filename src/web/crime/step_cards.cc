#include "web/crime/step_cards.h"

#include "http/i18n.h"
#include "web/form_errors.h"

namespace sabt::web {
namespace {

bool Starts(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

std::string CrimeStepFieldId(const std::string& step, const std::string& field) {
  static const std::map<std::pair<std::string, std::string>, std::string> ids = {
      {{"extend", "days"}, "extend-days"},
      {{"extend", "reason"}, "extend-reason"},
      {{"open_case", "qualification"}, "open-qualification"},
      {{"open_case", "reason"}, "open-reason"},
      {{"open_case", "investigator"}, "open-investigator"},
      {{"refuse", "ground"}, "refuse-ground"},
      {{"refuse", "reason"}, "refuse-reason"},
      {{"reject_refusal", "reason"}, "reject-reason"},
      {{"transfer", "department"}, "transfer-department"},
      {{"transfer", "reason"}, "transfer-reason"},
      {{"join", "case_number"}, "join-case"},
      {{"annul_refusal", "reason"}, "annul-reason"},
      {{"assign", "investigator"}, "assign-investigator"},
      {{"status", "status"}, "case-new-status"},
      {{"status", "ground"}, "case-ground"},
      {{"add_person", "role"}, "person-role"},
      {{"solved", "solved"}, "solved-flag"},
      {{"solved", "date"}, "solved-date"},
      {{"requalify", "qualification"}, "requalify-qualification"},
      {{"requalify", "reason"}, "requalify-reason"},
  };
  auto it = ids.find({step, field});
  if (it != ids.end()) return it->second;
  if (step == "add_person") return "person-" + field;  // surname, given_name, … of the person
  return "card-" + step;
}

CrimeStepFailure CrimeFailureOf(const std::string& step, const app::StepFields& typed, const app::CrimeOutcome& o) {
  CrimeStepFailure f{step, {}, o.problems, Status::Ok()};
  for (const auto& [k, v] : typed)
    if (k != "csrf" && k != "step") f.values[k] = v;
  if (!o.problems.empty() || o.reply.ok()) return f;
  const Status& st = o.reply.status();
  const std::string& m = st.message();
  // Rules the writer checks against the record it reads, said at the input
  // they concern (messages of app/crime_steps.cc and app/crime_new_case.cc).
  if (st.code() == Code::kInvalid && Starts(m, "an extension beyond")) f.problems.push_back({"days", "over_limit"});
  else if (st.code() == Code::kInvalid && Starts(m, "the check already runs")) f.problems.push_back({"days", "not_longer"});
  else if (st.code() == Code::kInvalid && Starts(m, "the report is already in")) f.problems.push_back({"department", "same"});
  else if (st.code() == Code::kInvalid && Starts(m, "no case ")) f.problems.push_back({"case_number", "unknown_value"});
  else if (st.code() == Code::kInvalid && Starts(m, "the investigator does not work"))
    f.problems.push_back({"investigator", "wrong_department"});
  else if (st.code() == Code::kInvalid && m == "reason_required") f.problems.push_back({"reason", "required"});
  else if (st.code() == Code::kInvalid && Starts(m, "a qualification")) f.problems.push_back({"qualification", "required"});
  else if (st.code() == Code::kConflict && Starts(m, "the case is already")) f.problems.push_back({"status", "same"});
  else f.refusal = st;
  return f;
}

void AddCrimeStepFailure(const CrimeStepFailure& f, const std::string& status_words, const std::string& lang,
                         mstch::map& d) {
  mstch::array summary;
  for (const auto& p : f.problems) {
    std::string key = "se_" + f.step + "_" + p.field;
    if (d.count(key)) continue;  // one message per field: the first problem is the one to fix
    std::string msg = FieldMessage(lang, p.field, p.code, "cr_field_", f.step);
    d[key] = msg;
    summary.push_back(mstch::map{{"field", CrimeStepFieldId(f.step, p.field)}, {"message", msg}});
  }
  if (!f.refusal.ok()) {
    // The step no longer fits the record (its state moved on, or a rule of
    // the register refuses it now): said in the card, in words.
    std::string msg = http::T(lang, "err_crime_step_not_now") + " " + status_words;
    d["se_" + f.step] = msg;
    summary.push_back(mstch::map{{"field", "card-" + f.step}, {"message", msg}});
  }
  for (const auto& [k, v] : f.values) d["sv_" + f.step + "_" + k] = v;
  if (f.step == "open_case" && f.values.count("victim_box") && !f.values.count("link_victim"))
    d["sv_open_case_no_victim"] = true;
  d["se_" + f.step + "_any"] = true;
  d["has_errors"] = true;
  d["errors"] = summary;
}

std::string TypedValue(const CrimeStepFailure* f, const std::string& step, const std::string& field) {
  if (!f || f->step != step) return {};
  auto it = f->values.find(field);
  return it == f->values.end() ? std::string() : it->second;
}

}  // namespace sabt::web
