#include "store/store.h"

namespace sabt::store {

const std::vector<std::string>& ProjectionTables() {
  static const std::vector<std::string> tables = {"departments", "reference_items", "users",
                                                  "persons",     "appeals",         "series_counters",
                                                  "submissions",
                                                  "appeal_flags", "appeal_attachments",
                                                  "classifier_articles", "crime_records", "sync_records",
                                                  "trips", "trip_stops", "trip_appeals",
                                                  "video_meetings", "video_attendance",  // video link
                                                  "stat_days", "stat_months",  // statistics (issue 15)
                                                  "programme_records",  // programme (issue 17)
                                                  // persons and search (issue 16)
                                                  "person_masters", "person_keys", "person_refs", "person_merges",
                                                  "record_texts"};
  return tables;
}

}  // namespace sabt::store
