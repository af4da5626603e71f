// What a field node forgets after its parent's acknowledgement and the grace
// period (docs/sync-protocol.md §10), and the acknowledgement history that
// decides when. Pure rules: no I/O.
#pragma once
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace sabt::domain {

// Kinds whose payload (personal data, free text) a field node purges:
// appeal.*, audit.viewed, trip.*, crime.*, case.*. Not sync.pulled (the
// unit's password hashes, for offline sign-in), user.*, node.*.
bool FieldPurgesKind(std::string_view kind);

// The records whose copies in the tables hold text from purged payloads.
struct PurgeRecords {
  std::set<std::string> appeals, crime_records, persons, trips;
  void Add(std::string_view kind, const std::string& subject, const nlohmann::json& data);
};

// One acknowledgement: the parent acknowledged up to `seq` at `at_ms`
// (the field node's clock).
struct Ack {
  int64_t seq = 0;
  int64_t at_ms = 0;
};

// Adds an ack to the history, coarsened to one element per clock hour (a
// later ack in the same hour replaces the newest element: later seq, later
// time, so a purge can only be delayed, never advanced), and drops the
// elements older than horizon_ms except the newest of them.
std::vector<Ack> RecordAck(std::vector<Ack> history, Ack ack, int64_t horizon_ms);
// The highest seq acknowledged at or before horizon_ms (0 when none).
int64_t AckedBefore(const std::vector<Ack>& history, int64_t horizon_ms);

// The history as stored in the link: [[seq, at_ms], ...].
std::vector<Ack> AcksFromJson(const nlohmann::json& j);
nlohmann::json AcksToJson(const std::vector<Ack>& history);

}  // namespace sabt::domain
