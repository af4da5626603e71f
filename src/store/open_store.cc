#include <cstdlib>

#ifndef SABT_NO_POSTGRES
#include "store/postgres/pg_store.h"
#endif
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

namespace sabt::store {

Result<std::unique_ptr<Store>> OpenStore(const std::string& url) {
  if (url.rfind("postgres://", 0) == 0 || url.rfind("postgresql://", 0) == 0) {
#ifdef SABT_NO_POSTGRES
    // The ASan build of the unit tests (make test) leaves the backend out.
    return Status::Unavailable("this build has no PostgreSQL backend (configured with -DSABT_POSTGRES=OFF)");
#else
    postgres::Options opts;
    opts.url = url;
    // Migrations run as the schema owner when SABT_PG_OWNER_URL is set
    // (docs/operations.md, "PostgreSQL roles"); otherwise as the URL's role.
    if (const char* owner = std::getenv("SABT_PG_OWNER_URL"); owner != nullptr) opts.owner_url = owner;
    auto s = postgres::PostgresStore::Open(opts);
    if (!s.ok()) return s.status();
    return std::unique_ptr<Store>(std::move(*s));
#endif
  }
  sqlite::Options opts;
  opts.path = url.rfind("sqlite:", 0) == 0 ? url.substr(7) : url;
  if (opts.path.empty()) return Status::Invalid("empty database path");
  auto s = sqlite::SqliteStore::Open(opts);
  if (!s.ok()) return s.status();
  return std::unique_ptr<Store>(std::move(*s));
}

}  // namespace sabt::store
