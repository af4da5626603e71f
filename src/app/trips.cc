#include "app/trips.h"

#include <algorithm>
#include <set>

#include "domain/role.h"
#include "util/csv.h"
#include "util/embedded.h"
#include "util/random.h"

namespace sabt::app {
namespace {

const std::set<std::string>& RuleCodes() {
  static const std::set<std::string> codes = {"trip_open", "no_open_trip", "stop_open", "no_open_stop",
                                              "not_this_trip", "not_field_node", "not_mobile_unit"};
  return codes;
}

// The unit's open trip and stop, read inside the writer's transaction.
Result<domain::TripState> StateOf(store::ReadTx& tx, const std::string& unit) {
  domain::TripState s;
  auto t = tx.OpenTrip(unit);
  if (!t.ok()) return t.status();
  if (!t->has_value()) return s;
  s.open_trip = (*t)->id;
  auto stops = tx.TripStops(s.open_trip);
  if (!stops.ok()) return stops.status();
  for (const auto& st : *stops)
    if (st.ended_at.empty()) s.open_stop = st.id;
  return s;
}

// Role, node and unit checks shared by every trip write.
std::optional<TripOutcome> Refuse(const App& app, const Principal& who) {
  TripOutcome o;
  if (!domain::Allows(who.role, domain::Action::kRecordTrip)) {
    o.reply = Status::Denied("this role may not record trips");
    return o;
  }
  if (app.config().role != "field") {
    o.conflict = "not_field_node";
    o.reply = Status::Conflict("not_field_node");
    return o;
  }
  const auto* d = app.catalog().Get()->tree.Find(who.user.department);
  if (!d || d->kind != domain::DepartmentKind::kMobile) {
    o.conflict = "not_mobile_unit";
    o.reply = Status::Conflict("not_mobile_unit");
    return o;
  }
  return std::nullopt;
}

TripOutcome Finish(Result<nlohmann::json> r) {
  TripOutcome o;
  if (!r.ok() && r.status().code() == Code::kConflict && RuleCodes().count(r.status().message()))
    o.conflict = r.status().message();
  o.reply = std::move(r);
  return o;
}

journal::NewEntry Entry(WriteContext& ctx, const std::string& kind, const std::string& subject,
                        const std::string& actor, nlohmann::json data) {
  journal::NewEntry e;
  e.kind = kind;
  e.subject = subject;
  e.actor = actor;
  e.at_ms = ctx.now_ms();
  e.data = std::move(data);
  return e;
}

Status RecordEntry(WriteContext& ctx, journal::NewEntry e) {
  auto ap = ctx.Record(std::move(e));
  return ap.ok() ? Status::Ok() : ap.status();
}

}  // namespace

bool CanRecordTrips(const App& app, const Principal& who) { return !Refuse(app, who).has_value(); }

TripOutcome StartTrip(App& app, const Principal& who, const std::string& note) {
  if (auto r = Refuse(app, who)) return *r;
  auto checked = domain::ValidateTripNote(note);
  if (auto* p = std::get_if<domain::Problems>(&checked)) {
    TripOutcome o;
    o.problems = *p;
    o.reply = Status::Invalid("invalid input");
    return o;
  }
  std::string clean = std::get<std::string>(checked);
  std::string unit = who.user.department, actor = who.user.id, id = NewUuid();
  return Finish(app.writer().Run([=](WriteContext& ctx) -> Result<nlohmann::json> {
    auto s = StateOf(ctx.tx(), unit);
    if (!s.ok()) return s.status();
    if (auto why = domain::CheckStartTrip(*s)) return Status::Conflict(*why);
    auto e = Entry(ctx, "trip.started", id, actor, {{"unit", unit}});
    if (!clean.empty()) e.payload = nlohmann::json{{"note", clean}};
    SABT_RETURN_IF_ERROR(RecordEntry(ctx, std::move(e)));
    return nlohmann::json{{"id", id}};
  }));
}

TripOutcome StartStop(App& app, const Principal& who, const std::string& trip_id, const domain::StopInput& in) {
  if (auto r = Refuse(app, who)) return *r;
  auto checked = domain::ValidateStop(in);
  if (auto* p = std::get_if<domain::Problems>(&checked)) {
    TripOutcome o;
    o.problems = *p;
    o.reply = Status::Invalid("invalid input");
    return o;
  }
  domain::ValidStop v = std::get<domain::ValidStop>(checked);
  std::string unit = who.user.department, actor = who.user.id, id = NewUuid();
  return Finish(app.writer().Run([=](WriteContext& ctx) -> Result<nlohmann::json> {
    auto s = StateOf(ctx.tx(), unit);
    if (!s.ok()) return s.status();
    if (auto why = domain::CheckStartStop(*s, trip_id)) return Status::Conflict(*why);
    nlohmann::json data = {{"trip", trip_id}, {"unit", unit}, {"place", v.place}, {"district", v.district}};
    if (!v.lat.empty()) data["lat"] = v.lat, data["lon"] = v.lon;
    SABT_RETURN_IF_ERROR(RecordEntry(ctx, Entry(ctx, "trip.stop_started", id, actor, std::move(data))));
    return nlohmann::json{{"id", id}};
  }));
}

TripOutcome EndStop(App& app, const Principal& who, const std::string& trip_id, const std::string& stop_id) {
  if (auto r = Refuse(app, who)) return *r;
  std::string unit = who.user.department, actor = who.user.id;
  return Finish(app.writer().Run([=](WriteContext& ctx) -> Result<nlohmann::json> {
    auto s = StateOf(ctx.tx(), unit);
    if (!s.ok()) return s.status();
    if (auto why = domain::CheckEndStop(*s, trip_id, stop_id)) return Status::Conflict(*why);
    SABT_RETURN_IF_ERROR(
        RecordEntry(ctx, Entry(ctx, "trip.stop_ended", stop_id, actor, {{"trip", trip_id}, {"unit", unit}})));
    return nlohmann::json::object();
  }));
}

TripOutcome EndTrip(App& app, const Principal& who, const std::string& trip_id) {
  if (auto r = Refuse(app, who)) return *r;
  std::string unit = who.user.department, actor = who.user.id;
  return Finish(app.writer().Run([=](WriteContext& ctx) -> Result<nlohmann::json> {
    auto s = StateOf(ctx.tx(), unit);
    if (!s.ok()) return s.status();
    if (auto why = domain::CheckEndTrip(*s, trip_id)) return Status::Conflict(*why);
    // Ending a trip closes its open stop first, in the same command.
    if (!s->open_stop.empty())
      SABT_RETURN_IF_ERROR(RecordEntry(
          ctx, Entry(ctx, "trip.stop_ended", s->open_stop, actor, {{"trip", trip_id}, {"unit", unit}})));
    SABT_RETURN_IF_ERROR(RecordEntry(ctx, Entry(ctx, "trip.ended", trip_id, actor, {{"unit", unit}})));
    return nlohmann::json::object();
  }));
}

Result<CurrentTrip> CurrentTripOf(App& app, const Principal& who) {
  CurrentTrip c;
  if (!domain::Allows(who.role, domain::Action::kReadTrips)) return Status::Denied("this role may not read trips");
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto t = (*tx)->OpenTrip(who.user.department);
  if (!t.ok()) return t.status();
  if (!t->has_value()) return c;
  c.trip = **t;
  auto stops = (*tx)->TripStops(c.trip->id);
  if (!stops.ok()) return stops.status();
  for (const auto& s : *stops)
    if (s.ended_at.empty()) c.stop = s;
  return c;
}

Result<std::vector<store::TripRow>> ListTrips(App& app, const Principal& who) {
  if (!domain::Allows(who.role, domain::Action::kReadTrips)) return Status::Denied("this role may not read trips");
  auto units = app.catalog().Get()->tree.Subtree(who.user.department);
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  return (*tx)->Trips(units, 200);
}

Result<TripDetail> GetTrip(App& app, const Principal& who, const std::string& id) {
  if (!domain::Allows(who.role, domain::Action::kReadTrips)) return Status::Denied("this role may not read trips");
  if (id.size() > 64) return Status::NotFound("no such trip");
  TripDetail d;
  auto tx = app.store().Read();
  if (!tx.ok()) return tx.status();
  auto t = (*tx)->Trip(id);
  if (!t.ok()) return t.status();
  if (!t->has_value() || !app.catalog().Get()->tree.InScope(who.user.department, (*t)->unit))
    return Status::NotFound("no such trip");
  d.trip = **t;
  auto stops = (*tx)->TripStops(id);
  if (!stops.ok()) return stops.status();
  d.stops = std::move(*stops);
  auto appeals = (*tx)->TripAppeals(id);
  if (!appeals.ok()) return appeals.status();
  d.appeals = std::move(*appeals);
  return d;
}

std::vector<store::ReferenceItem> PlaceSuggestions(App& app, const std::string& unit) {
  std::vector<store::ReferenceItem> items;
  if (auto tx = app.store().Read(); tx.ok()) {
    auto r = (*tx)->Reference("jamoats");
    if (r.ok()) items = std::move(*r);
  }
  if (items.empty()) {
    auto f = embedded::Find("data/jamoats.csv");
    auto rows = f ? ParseCsv(*f) : Result<std::vector<CsvRow>>(Status::NotFound("no list"));
    if (rows.ok())
      for (size_t i = 1; i < rows->size(); ++i) {
        const auto& r = (*rows)[i];
        if (r.size() < 5) continue;
        store::ReferenceItem it;
        it.list = "jamoats";
        it.code = r[0];
        it.name_tg = r[1];
        it.name_ru = r[2];
        it.name_en = r[3];
        it.extra = nlohmann::json{{"district", r[4]}}.dump();
        items.push_back(std::move(it));
      }
  }
  const auto* d = app.catalog().Get()->tree.Find(unit);
  std::string district = d ? d->parent : "";
  std::stable_partition(items.begin(), items.end(), [&](const store::ReferenceItem& it) {
    auto x = nlohmann::json::parse(it.extra, nullptr, false);
    return x.is_object() && x.value("district", "") == district;
  });
  return items;
}

Result<nlohmann::json> OpenStopLink(store::ReadTx& tx, const std::string& unit) {
  auto s = StateOf(tx, unit);
  if (!s.ok()) return s.status();
  if (s->open_stop.empty()) return nlohmann::json::object();
  return nlohmann::json{{"trip", s->open_trip}, {"trip_stop", s->open_stop}};
}

}  // namespace sabt::app
