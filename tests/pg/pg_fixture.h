// Shared by the PostgreSQL tests (tests/pg/*_test.cc). They need:
//   SABT_PG_URL        postgres://sabt_app@127.0.0.1:PORT/sabt    (application role)
//   SABT_PG_OWNER_URL  postgres://sabt_owner@127.0.0.1:PORT/sabt  (owner role, may CREATE DATABASE)
// as printed by `scripts/pg-test-cluster.sh env DIR`. Each test runs in a
// database of its own, created from the owner URL and dropped at the end.
// Without a reachable server every test FAILS: they never skip.
#pragma once
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>

#include <pqxx/pqxx>

#include "journal/appender.h"
#include "store/postgres/pg_store.h"
#include "util/random.h"

namespace sabt::pgtest {

using store::postgres::PostgresStore;

inline constexpr char kHowTo[] =
    "start a throwaway cluster with `scripts/pg-test-cluster.sh start DIR` and export the URLs printed by "
    "`scripts/pg-test-cluster.sh env DIR` (SABT_PG_URL, SABT_PG_OWNER_URL)";

inline std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

// The same URL with another database name.
inline std::string WithDatabase(const std::string& url, const std::string& db) {
  size_t scheme = url.find("://");
  size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  size_t slash = url.find('/', start);
  size_t query = url.find('?', start);
  if (slash == std::string::npos || (query != std::string::npos && slash > query)) {
    size_t at = query == std::string::npos ? url.size() : query;
    return url.substr(0, at) + "/" + db + url.substr(at);
  }
  size_t end = query == std::string::npos ? url.size() : query;
  return url.substr(0, slash + 1) + db + url.substr(end);
}

// Runs SQL as a role on the test database; returns the error message or "".
inline std::string TryExec(const std::string& url, const std::string& sql) {
  try {
    pqxx::connection c(url);
    pqxx::nontransaction n(c);
    n.exec(sql);
    return "";
  } catch (const std::exception& e) {
    return e.what();
  }
}

class PgStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string base_app = Env("SABT_PG_URL");
    std::string base_owner = Env("SABT_PG_OWNER_URL");
    ASSERT_FALSE(base_app.empty()) << "SABT_PG_URL is not set: " << kHowTo;
    if (base_owner.empty()) base_owner = base_app;
    db_ = "sabt_t_" + RandomBytesHex(6);
    try {
      pqxx::connection admin(base_owner);
      pqxx::nontransaction n(admin);
      n.exec0("CREATE DATABASE " + n.quote_name(db_));
    } catch (const std::exception& e) {
      FAIL() << "cannot create a test database through " << base_owner << ": " << e.what() << "\n" << kHowTo;
    }
    created_ = true;
    admin_url_ = base_owner;
    app_url_ = WithDatabase(base_app, db_);
    owner_url_ = WithDatabase(base_owner, db_);
  }

  void TearDown() override {
    if (!created_) return;
    try {
      pqxx::connection admin(admin_url_);
      pqxx::nontransaction n(admin);
      n.exec0("DROP DATABASE IF EXISTS " + n.quote_name(db_) + " WITH (FORCE)");
    } catch (const std::exception& e) {
      ADD_FAILURE() << "cannot drop test database " << db_ << ": " << e.what();
    }
  }

  static std::string RandomBytesHex(size_t n) {
    static const char* kDigits = "0123456789abcdef";
    std::string out;
    for (unsigned char c : RandomBytes(n)) {
      out += kDigits[c >> 4];
      out += kDigits[c & 15];
    }
    return out;
  }

  std::unique_ptr<PostgresStore> Open(int readers = 2) {
    store::postgres::Options o;
    o.url = app_url_;
    o.owner_url = owner_url_ == app_url_ ? std::string() : owner_url_;
    o.readers = readers;
    auto s = PostgresStore::Open(o);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    if (!s.ok()) return nullptr;
    return std::move(*s);
  }

  bool SeparateRoles() const { return Env("SABT_PG_OWNER_URL") != Env("SABT_PG_URL") && !Env("SABT_PG_OWNER_URL").empty(); }

  std::string db_, admin_url_, app_url_, owner_url_;
  bool created_ = false;
};

inline journal::NewEntry MakeEntry(int i, bool with_payload) {
  journal::NewEntry e;
  e.kind = "test.entry";
  e.subject = "subject-" + std::to_string(i % 7);
  e.actor = "tester";
  e.at_ms = 1795000000000 + i;
  e.data = {{"i", i}};
  if (with_payload) e.payload = nlohmann::json{{"text", "Ҳасан " + std::to_string(i)}};
  return e;
}

// Opens an App on the test database; SABT_PG_OWNER_URL is pointed at it for
// the duration (OpenStore reads it) and restored afterwards.
class OwnerEnv {
 public:
  explicit OwnerEnv(const std::string& url) : old_(Env("SABT_PG_OWNER_URL")) {
    setenv("SABT_PG_OWNER_URL", url.c_str(), 1);
  }
  ~OwnerEnv() {
    if (old_.empty()) unsetenv("SABT_PG_OWNER_URL");
    else setenv("SABT_PG_OWNER_URL", old_.c_str(), 1);
  }

 private:
  std::string old_;
};

}  // namespace sabt::pgtest
