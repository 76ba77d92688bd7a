#pragma once

#include <stop_token>
#include <string>
#include <vector>

#include "core/pg/connection.hpp"
#include "sink_config.hpp"
#include "sink_metrics.hpp"
#include "table_columns.hpp"

namespace sink {

// The sink's periodic database upkeep, once at start and then once per
// RetentionConfig::interval:
//   - the stored local days (db/telemetry/006_daily_base.sql): refresh_daily_base() stores the
//     days before the current local day, in both modes;
//   - plain-mode retention (database.md sections 4 and 6): raw rows older than
//     RetentionConfig::days are deleted, batch_rows at a time. The hourly base tables keep their
//     rows. With the timescaledb extension installed, TimescaleDB's retention policy drops the
//     chunks instead, and this part does nothing.
class Maintenance {
 public:
  Maintenance(std::string conninfo, RetentionConfig config, std::vector<const TableSpec*> tables,
              SinkMetrics& metrics);

  // Runs until `stop`. Failures are logged, counted and retried at the next interval; one
  // failing part does not keep the other from running.
  void run(const std::stop_token& stop);

 private:
  void refresh_days(core::pg::Connection& conn);
  void retention(core::pg::Connection& conn, const std::stop_token& stop);

  std::string conninfo_;
  RetentionConfig config_;
  std::vector<const TableSpec*> tables_;
  SinkMetrics& metrics_;
  bool reported_mode_ = false;
};

}  // namespace sink
