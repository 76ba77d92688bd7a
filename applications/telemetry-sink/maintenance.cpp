#include "maintenance.hpp"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <mutex>
#include <optional>

namespace sink {

Maintenance::Maintenance(std::string conninfo, RetentionConfig config,
                         std::vector<const TableSpec*> tables, SinkMetrics& metrics)
    : conninfo_(std::move(conninfo)),
      config_(config),
      tables_(std::move(tables)),
      metrics_(metrics) {}

void Maintenance::run(const std::stop_token& stop) {
  std::mutex mutex;
  std::condition_variable_any wake;
  while (!stop.stop_requested()) {
    std::optional<core::pg::Connection> conn;
    try {
      conn.emplace(conninfo_);
    } catch (const std::exception& e) {
      metrics_.stored_days_failures().Increment();
      metrics_.retention_failures().Increment();
      spdlog::warn("maintenance: {}; next attempt in {} s", e.what(), config_.interval.count());
    }
    if (conn) {
      try {
        refresh_days(*conn);
      } catch (const std::exception& e) {
        metrics_.stored_days_failures().Increment();
        spdlog::warn("stored days: {}; next attempt in {} s", e.what(), config_.interval.count());
      }
      try {
        retention(*conn, stop);
      } catch (const std::exception& e) {
        metrics_.retention_failures().Increment();
        spdlog::warn("retention: {}; next attempt in {} s", e.what(), config_.interval.count());
      }
    }
    conn.reset();
    std::unique_lock lock(mutex);
    wake.wait_for(lock, stop, config_.interval, [] { return false; });
  }
}

void Maintenance::refresh_days(core::pg::Connection& conn) {
  const auto split = conn.exec("SELECT refresh_daily_base()::text");
  spdlog::debug("stored days: local days before {} are stored", split.text(0, 0));
}

void Maintenance::retention(core::pg::Connection& conn, const std::stop_token& stop) {
  if (conn.exec("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')")
          .boolean(0, 0)) {
    if (!reported_mode_) {
      spdlog::info("retention: TimescaleDB mode, raw retention is TimescaleDB's policy");
      reported_mode_ = true;
    }
    return;
  }
  for (const auto* table : tables_) {
    const auto name = conn.quote_identifier(table->name);
    // A bounded batch per statement keeps each transaction and its locks short; ctid = ANY
    // (ARRAY(...)) turns into a TID scan of exactly the rows selected.
    const auto sql = "DELETE FROM " + name + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM " + name +
                     " WHERE time < now() - make_interval(days => $1) LIMIT $2))";
    std::int64_t total = 0;
    std::int64_t deleted = 0;
    do {
      deleted = conn.exec_prepared(sql, {config_.days, config_.batch_rows}).affected();
      total += deleted;
      metrics_.retention_deleted(std::string(table->name)).Increment(static_cast<double>(deleted));
    } while (deleted == config_.batch_rows && !stop.stop_requested());
    if (total > 0) {
      spdlog::info("retention: deleted {} rows older than {} days from {}", total, config_.days,
                   table->name);
    }
  }
}

}  // namespace sink
