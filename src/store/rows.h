// Plain rows exchanged with the store. These are the serialisation boundary:
// whatever a table holds comes in and out through exactly these fields.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "util/sha256.h"

namespace sabt::store {

struct EntryRow {
  int64_t idx = 0;  // leaf index, 0-based
  std::string origin;
  int64_t seq = 0;
  std::string kind, subject, at;
  std::string entry;  // canonical JSON bytes
  Hash leaf_hash{};
};

struct PayloadRow {
  int64_t idx = 0;
  std::string salt;  // 32 raw bytes
  std::string body;  // canonical JSON bytes
};

struct TreeHead {
  int64_t size = 0;
  Hash root{};
  std::string at;
};

struct CheckpointRow {
  int64_t size = 0;
  Hash root{};
  std::string note, at;
};

struct WitnessStateRow {
  std::string origin;
  int64_t size = 0;
  Hash root{};
  std::string note, at;
};

struct UserRow {
  std::string id, username, role, department, display_name, password_hash;
  bool disabled = false;
};

struct SessionRow {
  std::string token_hash;  // hex SHA-256 of the cookie/bearer token; the token itself is never stored
  std::string user_id, csrf, lang;
  int64_t created_ms = 0, expires_ms = 0;
  int64_t last_seen_ms = 0;  // last request (written at most once a minute); idle limit
  std::string stage;         // "" a full session; "enrol": may only enrol a second factor
};

// Sign-in protection (issue 13 item 7; docs/security.md). Operational state, not projected.
struct LoginGuardRow {
  std::string user_id;
  int64_t failures = 0;          // consecutive failed sign-ins
  int64_t last_failure_ms = 0;
  int64_t locked_until_ms = 0;   // 0 or past: not locked
};

struct TotpRow {
  std::string user_id;
  std::string secret_hex;        // 20 random bytes; never logged, never journaled
  bool confirmed = false;        // false while enrolment waits for the first code
  int64_t created_ms = 0;
  int64_t last_step = 0;         // highest 30-second step accepted (no replay)
  std::vector<std::string> recovery_hashes;  // hex SHA-256 of the unused recovery codes
};

struct PersonRow {
  std::string id, surname, given_name, patronymic, birth_date, address, phone, id_document;
  std::string search_key;  // ICU-folded "surname given patronymic" for matching
};

struct AppealRow {
  std::string id, number, series;
  int year = 0;
  int64_t n = 0;
  std::string department, channel, category, status;
  std::string received_at, registered_at, registered_by, person_id;
  std::string summary, verification_code;  // empty after erasure
  int64_t entry_idx = 0;
  std::string assigned_to;  // user id
  int64_t due_day = 0;      // days since epoch (Dushanbe); 0 when none
  int64_t extended = 0;     // days added by extensions
  std::string answer, closed_at;
  // Joined from persons and users when listing or reading.
  std::string applicant_name, officer_name;
};

struct AppealPage {
  std::vector<AppealRow> rows;
  int64_t total = 0;
};

// An online submission waiting in a district's queue (or decided).
struct SubmissionRow {
  std::string id, reference, department, category, status;  // status: queued | accepted | rejected
  std::string received_at;
  int64_t entry_idx = 0;
  std::string surname, given_name, patronymic, birth_date, address, phone, id_document, summary;  // empty after erasure
  std::string decided_at, decided_by, appeal_id, appeal_number, reason;
  // Oversight (docs/journal-format.md §4.5).
  std::string ground;               // rejection ground code ("" unless rejected)
  bool keyword_flag = false;        // the keyword guard's flag at receipt
  std::string citizen_crime_signs;  // the citizen's answer: yes | no | unknown | ""
  std::string accept_due;           // RFC 3339 UTC; the accept clock (restarts on annulment)
  std::string check_code;           // the citizen's check code ("" after erasure)
  int64_t annulled = 0;             // rejections annulled by a prosecutor
};

// Per-department counts of the submission oversight list.
struct SubmissionCount {
  std::string department;
  int64_t rejected = 0, overdue = 0, annulled = 0;
};

// Filters of the appeal list (all optional; "" / 0 / false = no filter).
// Every filter is a parameter of one prepared statement.
struct AppealFilter {
  std::vector<std::string> departments;  // scope: required, non-empty
  std::string status, category, channel, series;
  std::string officer;                   // user id of the assignee
  std::string received_from, received_to;  // RFC 3339 UTC, [from, to)
  bool open_only = false;                // not closed/referred/forwarded/returned
  int64_t due_from = 0, due_to = 0;      // due_day within [from, to] (days since epoch)
  bool extended_only = false;
};

// One group of a count table (by officer or by department).
struct GroupCount {
  std::string key, name;  // user id / department code; officer's display name
  int64_t count = 0;
};

// Concealment guard flags of an appeal (projection table appeal_flags).
struct AppealFlagsRow {
  std::string appeal_id;
  bool crime_signs = false, keyword_flag = false;
  std::string refer_due, referred_at;  // RFC 3339; "" when none
};

struct WatchRow {
  AppealRow appeal;
  AppealFlagsRow flags;
};
struct WatchPage {
  std::vector<WatchRow> rows;
  int64_t total = 0;
};

// A file attached to an appeal (projection appeal_attachments); the bytes
// live in the content-addressed table attachments.
struct AttachmentRow {
  std::string appeal_id, sha256, name, mime, added_at;
  int64_t size = 0, entry_idx = 0;
};
struct AttachmentBlob {
  std::string sha256, mime;
  int64_t size = 0;
  std::string data;
};

struct ReferenceItem {
  std::string list, code, name_tg, name_ru, name_en;
  std::string extra;  // list-specific JSON (e.g. deadline days)
  int position = 0;
};

}  // namespace sabt::store

namespace sabt::store {

// Crime register (docs/journal-format.md §4.3).
struct ClassifierRow {
  int64_t version = 0;
  std::string article, part, severity, title_tg, title_ru, title_en;
  bool sample = false;
};

// One crime report (kind "report") or criminal case (kind "case"). The
// columns are what lists filter on; the rest of the record is `doc`, a JSON
// object dumped with sorted keys.
struct CrimeRecordRow {
  std::string id, kind, number, series;
  int year = 0;
  int64_t n = 0;
  std::string department, status;
  int64_t due_day = 0;          // report: last day of the check, or of acceptance while a transfer is pending
  std::string target;           // department a pending transfer goes to
  std::string appeal_id, person_id;
  std::string flags;            // ",late_edit,extended,downgrade," style; "" when none
  int64_t entry_idx = 0;        // the registering entry
  std::string doc;
};

// Filters of CrimeRecords; an empty list or 0 means "any".
struct CrimeQuery {
  std::string kind = "report";
  std::vector<std::string> departments, statuses, targets;
  int64_t due_min = 0, due_max = 0;
  std::string flag, appeal_id, number;
  int64_t limit = 500;
  int64_t before_idx = 0;  // keyset paging: only entry_idx < before_idx (0: from the newest)
};

// Trip log of a mobile station (docs/journal-format.md §4.4). `stops` and
// `appeals` are counts filled by the list/detail reads, not stored.
struct TripRow {
  std::string id, unit, started_at, started_by, note, ended_at, ended_by;
  int64_t stops = 0, appeals = 0;
};
struct TripStopRow {
  std::string id, trip_id, unit, place, district, lat, lon, started_at, ended_at;
  int64_t appeals = 0;
};
// An appeal registered during a stop, with its number for links.
struct TripAppealRow {
  std::string appeal_id, trip_id, stop_id, number;
};

}  // namespace sabt::store
