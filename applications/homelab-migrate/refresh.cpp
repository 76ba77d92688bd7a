#include "refresh.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "database.hpp"
#include "mode.hpp"

namespace migrate {

void run_refresh(const std::string& conninfo, const std::string& database) {
  auto conn = connect(database_conninfo(conninfo, database));
  if (!timescaledb_installed(conn)) {
    spdlog::info(
        "database {} is in plain PostgreSQL mode: the telemetry sink keeps the base "
        "tables current, nothing to refresh",
        database);
    return;
  }
  // Not while a migration may be replacing the views over the aggregates.
  lock_migrations(conn);
  const auto aggregates = conn.exec(
      "SELECT format('%I.%I', view_schema, view_name) "
      "FROM timescaledb_information.continuous_aggregates ORDER BY view_schema, view_name");
  for (int r = 0; r < aggregates.rows(); ++r) {
    const std::string name(aggregates.text(r, 0));
    spdlog::info("refreshing {} over its whole range", name);
    const auto started = std::chrono::steady_clock::now();
    // A procedure that refuses to run inside a transaction block, so it goes as a plain query.
    conn.exec_script("CALL refresh_continuous_aggregate(" + conn.quote_literal(name) +
                     ", NULL, NULL)");
    spdlog::info(
        "refreshed {} in {} s", name,
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started)
            .count());
  }
  spdlog::info("refreshed {} continuous aggregate(s) of database {}", aggregates.rows(), database);
  // The stored local days were folded from the aggregates as they were; the sink's next refresh
  // rebuilds them all (db/telemetry/006_daily_base.sql).
  if (conn.exec("SELECT to_regprocedure('reset_daily_base()') IS NOT NULL").boolean(0, 0)) {
    conn.exec_script("SELECT reset_daily_base()");
    spdlog::info("stored local days of database {} emptied: the telemetry sink rebuilds them",
                 database);
  }
}

}  // namespace migrate
