#pragma once

#include <stop_token>
#include <string>
#include <vector>

#include "sink_config.hpp"
#include "sink_metrics.hpp"
#include "table_columns.hpp"

namespace sink {

// Plain-mode retention (database.md sections 4 and 6): deletes raw rows older than
// RetentionConfig::days, batch_rows at a time, once per interval. The hourly base tables keep
// their rows. With the timescaledb extension installed, TimescaleDB's retention policy drops the
// chunks instead, and this does nothing.
class Retention {
 public:
  Retention(std::string conninfo, RetentionConfig config, std::vector<const TableSpec*> tables,
            SinkMetrics& metrics);

  // The first pass right away, then one per interval, until `stop`. Failures are logged and
  // retried at the next interval.
  void run(const std::stop_token& stop);

 private:
  void pass(const std::stop_token& stop);

  std::string conninfo_;
  RetentionConfig config_;
  std::vector<const TableSpec*> tables_;
  SinkMetrics& metrics_;
  bool reported_mode_ = false;
};

}  // namespace sink
