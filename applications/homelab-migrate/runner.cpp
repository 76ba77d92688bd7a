#include "runner.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "apply.hpp"
#include "database.hpp"
#include "history.hpp"
#include "migration_files.hpp"
#include "mode.hpp"
#include "plan.hpp"
#include "roles.hpp"
#include "time_zone.hpp"

namespace migrate {
namespace {

std::vector<const MigrationFile*> pending_files(const std::vector<PlanEntry>& plan) {
  std::vector<const MigrationFile*> out;
  for (const auto& e : plan) {
    if (e.state == State::pending) {
      out.push_back(e.file);
    }
  }
  return out;
}

void report_dry_run(const std::vector<const MigrationFile*>& pending, const std::string& zone) {
  for (const auto* file : pending) {
    spdlog::info("dry run: would apply {}{}", file->filename(),
                 file->no_transaction ? " (without a transaction)" : "");
  }
  if (pending.empty()) {
    spdlog::info("dry run: nothing to apply");
  }
  spdlog::info("dry run: would set platform_config.time_zone to {} if that table exists", zone);
  spdlog::info("dry run: nothing was changed");
}

void apply_pending(core::pg::Connection& conn, const std::vector<const MigrationFile*>& pending) {
  for (const auto* file : pending) {
    spdlog::info("applying {}{}", file->filename(),
                 file->no_transaction ? " (without a transaction)" : "");
    const auto started = std::chrono::steady_clock::now();
    apply_migration(conn, *file);
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    spdlog::info("applied {} in {} ms", file->filename(), elapsed.count());
  }
}

// With --create-database: validates the zone on the server connection and creates the database
// when it is missing. Returns false when a dry run found no database, having reported everything
// it can without one.
bool prepare_database(const UpOptions& o, const std::vector<MigrationFile>& files,
                      const std::vector<Role>& roles) {
  auto server = connect(o.conninfo);
  validate_time_zone(server, o.time_zone);
  if (database_exists(server, o.database)) {
    return true;
  }
  if (!o.dry_run) {
    create_database(server, o.database);
    spdlog::info("created database {}", o.database);
    return true;
  }
  // A new database takes TimescaleDB mode exactly when the server offers the extension.
  const auto mode = timescaledb_available(server) ? Mode::timescaledb : Mode::plain;
  spdlog::info("dry run: would create database {} ({} mode)", o.database, mode_name(mode));
  ensure_roles(server, roles, core::config::process_env, true);
  const auto chosen = files_for_mode(files, mode);
  report_dry_run(pending_files(make_plan(chosen, {})), o.time_zone);
  return false;
}

}  // namespace

void run_up(const UpOptions& o) {
  // Everything that needs no server is checked first, so a bad checkout fails before any change.
  const auto files = load_migration_files(o.migrations);
  const auto roles = load_roles(o.migrations / "roles.yaml");
  const auto target = database_conninfo(o.conninfo, o.database);
  if (o.create_database && !prepare_database(o, files, roles)) {
    return;
  }

  auto conn = connect(target);
  if (!o.create_database) {
    validate_time_zone(conn, o.time_zone);
  }
  if (!o.dry_run) {
    lock_migrations(conn);
  }
  // Verified before anything changes, so a refusal leaves the database as it was.
  const auto history = load_history(conn);
  const auto mode = detect_mode(conn, history.applied.empty());
  const auto chosen = files_for_mode(files, mode);
  const auto plan = make_plan(chosen, history.applied);
  refuse_if_tampered(plan, o.migrations.string());
  const auto pending = pending_files(plan);
  spdlog::info("database {} ({} mode): {} applied, {} pending", o.database, mode_name(mode),
               history.applied.size(), pending.size());

  ensure_roles(conn, roles, core::config::process_env, o.dry_run);
  if (o.dry_run) {
    report_dry_run(pending, o.time_zone);
    return;
  }
  if (!history.table_exists) {
    create_history_table(conn);
  }
  apply_pending(conn, pending);
  if (write_time_zone(conn, o.time_zone)) {
    spdlog::info("platform_config.time_zone set to {}", o.time_zone);
  }
  spdlog::info("database {} is up to date", o.database);
}

}  // namespace migrate
