#include "confirmation.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>
#include <vector>

#include "core/pg/transaction.hpp"
#include "outbox_rules.hpp"
#include "settings_common/telemetry_report.hpp"

namespace outbox {
namespace {

// Known values are kept per field, so a record that lacks a register does not erase it.
constexpr const char* kStoreReport = R"(
INSERT INTO device_reports (device_id, reported, received_at)
VALUES ($1, $2::jsonb, clock_timestamp())
ON CONFLICT (device_id) DO UPDATE
SET reported = device_reports.reported || EXCLUDED.reported, received_at = EXCLUDED.received_at)";

constexpr const char* kPublished = R"(
SELECT id, payload::text FROM outbox
WHERE aggregate_type = 'heatpump_setting' AND aggregate_id = $1 AND status = 'published'
ORDER BY id)";

constexpr const char* kConfirm = R"(
UPDATE outbox SET status = 'confirmed', confirmed_at = clock_timestamp()
WHERE id = $1 AND status = 'published')";

constexpr const char* kSupersede = R"(
UPDATE outbox SET status = 'failed', error_message = $2 WHERE id = $1 AND status = 'published')";

struct PublishedRow {
  std::int64_t id;
  std::vector<Command> commands;
  bool confirmed = false;
  bool superseded = false;
};

}  // namespace

Confirmation::Confirmation(std::string conninfo, ProcessorMetrics& metrics)
    : conninfo_(std::move(conninfo)), metrics_(metrics) {}

core::pg::Connection& Confirmation::connection() {
  if (conn_ && !conn_->healthy()) {
    conn_.reset();
  }
  if (!conn_) {
    conn_ = std::make_unique<core::pg::Connection>(conninfo_);
  }
  return *conn_;
}

void Confirmation::handle(std::string_view kafka_value) {
  const auto report = settings_common::parse_report(kafka_value);
  if (!report) {
    metrics_.records_skipped.Increment();
    return;
  }
  Reported reported = report->values;
  try {
    auto& conn = connection();
    core::pg::Transaction tx(conn);
    conn.exec_prepared(kStoreReport, {report->device_id, reported_json(*report)});
    const auto published = conn.exec_prepared(kPublished, {report->device_id});
    std::vector<PublishedRow> rows;
    for (int i = 0; i < published.rows(); ++i) {
      try {
        rows.push_back(
            {published.integer(i, 0), settings_common::parse_payload(published.text(i, 1))});
      } catch (const std::invalid_argument& e) {
        spdlog::error("outbox {}: {}", published.integer(i, 0), e.what());
      }
    }
    std::vector<std::int64_t> confirmed;
    for (auto& row : rows) {
      if (reports_commanded_values(row.commands, reported) &&
          conn.exec_prepared(kConfirm, {row.id}).affected() == 1) {
        row.confirmed = true;
        confirmed.push_back(row.id);
      }
    }
    std::vector<std::pair<std::int64_t, std::int64_t>> superseded;  // (row, by)
    // The newest confirmed command decides: it replaced everything it covers before it.
    for (auto newer = rows.rbegin(); newer != rows.rend(); ++newer) {
      if (!newer->confirmed) {
        continue;
      }
      for (auto& older : rows) {
        if (older.id >= newer->id || older.confirmed || older.superseded ||
            !covers(newer->commands, older.commands)) {
          continue;
        }
        const auto reason =
            "superseded by outbox " + std::to_string(newer->id) + " before confirmation";
        if (conn.exec_prepared(kSupersede, {older.id, reason}).affected() == 1) {
          older.superseded = true;
          superseded.emplace_back(older.id, newer->id);
        }
      }
    }
    tx.commit();
    for (const auto id : confirmed) {
      metrics_.transition("confirmed").Increment();
      spdlog::info("outbox {}: confirmed by telemetry from {}", id, report->device_id);
    }
    for (const auto& [id, by] : superseded) {
      metrics_.transition("failed").Increment();
      spdlog::info("outbox {}: failed: superseded by outbox {} before confirmation", id, by);
    }
    metrics_.records_handled.Increment();
  } catch (...) {
    conn_.reset();
    throw;
  }
}

}  // namespace outbox
