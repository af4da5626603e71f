#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

namespace sabt::store {

Result<std::unique_ptr<Store>> OpenStore(const std::string& url) {
  if (url.rfind("postgres://", 0) == 0 || url.rfind("postgresql://", 0) == 0) {
    return Status::Unavailable("the PostgreSQL backend is not built into this version of sabt");
  }
  sqlite::Options opts;
  opts.path = url.rfind("sqlite:", 0) == 0 ? url.substr(7) : url;
  if (opts.path.empty()) return Status::Invalid("empty database path");
  auto s = sqlite::SqliteStore::Open(opts);
  if (!s.ok()) return s.status();
  return std::unique_ptr<Store>(std::move(*s));
}

}  // namespace sabt::store
