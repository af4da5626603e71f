#include "store/postgres/pg_conn.h"

#include "util/embedded.h"

namespace sabt::store::postgres {
namespace {

// pg_advisory_xact_lock key of the migration runner ("Sabt", 2).
constexpr int64_t kMigrateLock = 0x5361627400000002;

}  // namespace

std::string RedactUrl(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  size_t at = url.find('@', scheme + 3);
  size_t slash = url.find('/', scheme + 3);
  if (at == std::string::npos || (slash != std::string::npos && slash < at)) return url;
  size_t colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

Result<std::unique_ptr<Conn>> Conn::Open(const std::string& url, bool prepare) {
  auto c = std::make_unique<Conn>();
  c->url_ = url;
  c->prepare_ = prepare;
  SABT_RETURN_IF_ERROR(c->Connect());
  return c;
}

Status Conn::Connect() {
  try {
    c_.reset();
    c_ = std::make_unique<pqxx::connection>(url_);
    if (prepare_) PrepareAll(*c_);
    broken_ = false;
    return Status::Ok();
  } catch (const std::exception& e) {
    c_.reset();
    return Status::Io("cannot connect to PostgreSQL at " + RedactUrl(url_) + ": " + e.what());
  }
}

Status Conn::EnsureOpen() {
  if (c_ && !broken_ && c_->is_open()) return Status::Ok();
  return Connect();
}

Status Migrate(Conn& owner, Conn& app) {
  return Guard(&owner, "migrate", [&]() -> Status {
    std::string app_role, app_db;
    {
      pqxx::nontransaction q(app.raw());
      pqxx::row r = q.exec1("SELECT current_user, current_database(), pg_is_in_recovery()");
      if (r[2].as<bool>()) return Status::Ok();  // a standby follows its primary's schema
      app_role = r[0].c_str();
      app_db = r[1].c_str();
    }
    // Registered only (libpqxx prepares on first use, after the table exists).
    owner.raw().prepare("migrate_lock", "SELECT pg_advisory_xact_lock($1::bigint)");
    owner.raw().prepare("migration_applied", "SELECT 1 FROM schema_migrations WHERE name = $1");
    owner.raw().prepare("migration_record", "INSERT INTO schema_migrations(name) VALUES ($1)");
    owner.raw().prepare("grant_app", "SELECT sabt_grant_app($1)");
    pqxx::nontransaction q(owner.raw());
    pqxx::row r = q.exec1("SELECT current_user, current_database()");
    std::string owner_role = r[0].c_str();
    if (app_db != r[1].c_str())
      return Status::Invalid("SABT_PG_OWNER_URL points to database '" + std::string(r[1].c_str()) +
                             "' but the store URL to '" + app_db + "'");
    auto in_tx = [&](auto&& body) {
      q.exec0("BEGIN");
      try {
        q.exec_prepared("migrate_lock", kMigrateLock);
        body();
        q.exec0("COMMIT");
      } catch (...) {
        try {
          q.exec0("ROLLBACK");
        } catch (...) {
        }
        throw;
      }
    };
    in_tx([&] {
      q.exec0("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, "
              "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
    });
    const std::string prefix = "src/store/postgres/migrations/";
    for (const auto& [path, sql] : embedded::Files()) {  // std::map: sorted by file name
      if (path.compare(0, prefix.size(), prefix) != 0) continue;
      std::string name = path.substr(prefix.size());
      in_tx([&] {
        // Checked under the lock: another runner may just have applied it.
        if (!q.exec_prepared("migration_applied", name).empty()) return;
        q.exec0(std::string(sql));
        q.exec_prepared0("migration_record", name);
      });
    }
    // Privileges of the application role (idempotent; a later migration may
    // have added tables). With a single role there is nothing to grant.
    // Capabilities add their own grants as sabt_grant_app_<capability>(role)
    // functions (e.g. migration 20261203_0014): each is called after it.
    if (app_role != owner_role) in_tx([&] {
      q.exec_prepared("grant_app", app_role);
      pqxx::result extra = q.exec(
          "SELECT proname FROM pg_proc WHERE proname LIKE 'sabt\\_grant\\_app\\_%' "
          "AND pronamespace = current_schema()::regnamespace ORDER BY proname");
      for (const auto& row : extra)
        q.exec("SELECT " + q.quote_name(row[0].c_str()) + "(" + q.quote(app_role) + ")");
    });
    return Status::Ok();
  });
}

}  // namespace sabt::store::postgres
