// The reform programme (docs/programme.md §1–3, §6): programme → components
// → activities (Joint Action Plan items), working groups with meetings and
// decisions, and indicator definitions. Writes need kManageProgramme (the
// programme coordinator) and, for records with a unit, that unit in the
// coordinator's scope; a decision's assignee may also follow it up and
// close it. Reads need kReadProgramme; the programme is one national plan,
// so every reader sees all of it. Inputs are JSON objects of strings (the
// API body or a web form), validated here.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/programme/programme_common.h"
#include "store/rows.h"

namespace sabt::app::programme {

// Fields: code, title_tg, title_ru, title_en, from, to; `id` to edit.
Outcome SaveProgramme(App& app, const Principal& who, const nlohmann::json& in);
// Fields: programme, code, title_tg/ru/en; `id` to edit.
Outcome SaveComponent(App& app, const Principal& who, const nlohmann::json& in);
// Fields: component, code, title_tg/ru/en, unit, partner, owner (username),
// from, to, indicators (array of ids or a comma-separated string); `id` to edit.
Outcome SaveActivity(App& app, const Principal& who, const nlohmann::json& in);
Outcome ChangeActivityStatus(App& app, const Principal& who, const std::string& activity_id,
                             const std::string& status, const std::string& reason);
// Evidence file (JPEG, PNG, PDF, TIFF, WebP; ≤ 20 MiB), stored by SHA-256
// next to its `programme.evidence_added` entry.
Outcome AddEvidence(App& app, const Principal& who, const std::string& activity_id, const std::string& file_name,
                    std::string bytes);
// Fields: code, title_tg/ru/en, unit, members (array or lines of
// "username" or "username: role in group"); `id` to edit.
Outcome SaveGroup(App& app, const Principal& who, const nlohmann::json& in);
// Fields: group, date, agenda (array or lines), minutes.
Outcome HoldMeeting(App& app, const Principal& who, const nlohmann::json& in);
// Fields: meeting, text, assignee (username), deadline.
Outcome MakeDecision(App& app, const Principal& who, const nlohmann::json& in);
// close = false: a follow-up note; true: closes the decision.
Outcome FollowUpDecision(App& app, const Principal& who, const std::string& decision_id, const std::string& note,
                         bool close);
// Fields: code, name_tg/ru/en, formula, unit, baseline, target, target_date,
// direction; `id` to edit. The formula must parse and name only counters
// that `known_counter` accepts.
Outcome DefineIndicator(App& app, const Principal& who, const nlohmann::json& in,
                        const std::function<bool(const std::string&)>& known_counter);

// Records of one kind (programme, component, activity, group, meeting,
// decision, indicator), by id. kDenied without kReadProgramme.
Result<std::vector<nlohmann::json>> ListRecords(App& app, const Principal& who, const std::string& kind);
// kNotFound when absent.
Result<nlohmann::json> GetRecord(App& app, const Principal& who, const std::string& kind, const std::string& id);
// The journal entries of a record, oldest first: {kind, at, actor, data}.
Result<std::vector<nlohmann::json>> RecordHistory(App& app, const Principal& who, const std::string& id);

// An evidence file of an activity (kReadProgramme). kNotFound unless the
// activity lists this SHA-256; kCorruption "attachment_corrupt" when the
// stored bytes do not hash to it (never served; an evidence.alert is written).
struct EvidenceFile {
  std::string name, mime, data;
};
Result<EvidenceFile> GetEvidence(App& app, const Principal& who, const std::string& activity_id,
                                 const std::string& sha256);

// CleanField (util/text.h) of one line.
std::string CleanFieldText(const std::string& s);

// Display names of staff by user id (members, owners, assignees, custodians).
std::map<std::string, std::string> StaffNames(App& app);

}  // namespace sabt::app::programme
