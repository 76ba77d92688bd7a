#include "database.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>
#include <string_view>

#include "core/pg/conninfo.hpp"
#include "exit_codes.hpp"

namespace migrate {
namespace {

// Arbitrary constant shared by every homelab-migrate; advisory locks are per database.
constexpr const char* kLockKey = "7239107245118861313";

// Server notices and warnings (from IF NOT EXISTS and the like in migration files) go to the log
// rather than as raw lines on stderr.
void log_notice(void* /*unused*/, const PGresult* result) {
  const char* message = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
  if (message == nullptr) {
    return;
  }
  const char* severity = PQresultErrorField(result, PG_DIAG_SEVERITY_NONLOCALIZED);
  if (severity != nullptr && std::string_view(severity) == "WARNING") {
    spdlog::warn("server: {}", message);
  } else {
    spdlog::info("server: {}", message);
  }
}

}  // namespace

core::pg::Connection connect(const std::string& conninfo) {
  try {
    core::pg::Connection conn(conninfo);
    PQsetNoticeReceiver(conn.native(), log_notice, nullptr);
    return conn;
  } catch (const core::pg::Error& e) {
    throw Failure(Exit::unreachable, e.what());
  }
}

std::string database_conninfo(const std::string& conninfo, const std::string& database) {
  try {
    return core::pg::with_database(conninfo, database);
  } catch (const std::invalid_argument& e) {
    throw Failure(Exit::usage, std::string("--database-url: ") + e.what());
  }
}

bool database_exists(core::pg::Connection& server, const std::string& database) {
  return server.exec("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", {database})
      .boolean(0, 0);
}

void create_database(core::pg::Connection& server, const std::string& database) {
  try {
    server.exec_script("CREATE DATABASE " + server.quote_identifier(database));
  } catch (const core::pg::Error& e) {
    if (e.sqlstate() != "42P04" && e.sqlstate() != "23505") {
      throw;
    }
  }
}

void lock_migrations(core::pg::Connection& conn) {
  const std::string key = kLockKey;
  if (conn.exec("SELECT pg_try_advisory_lock($1::bigint)", {key}).boolean(0, 0)) {
    return;
  }
  spdlog::info("another homelab-migrate is running on this database; waiting for it to finish");
  conn.exec("SELECT pg_advisory_lock($1::bigint)", {key});
}

}  // namespace migrate
