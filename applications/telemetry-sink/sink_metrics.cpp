#include "sink_metrics.hpp"

namespace sink {
namespace {

using prometheus::BuildCounter;
using prometheus::BuildGauge;
using prometheus::BuildHistogram;

}  // namespace

SinkMetrics::SinkMetrics(core::metrics::Registry& registry)
    : consumed_(BuildCounter()
                    .Name("telemetry_sink_records_consumed_total")
                    .Help("Records read from Kafka")
                    .Register(registry)),
      skipped_(BuildCounter()
                   .Name("telemetry_sink_records_skipped_total")
                   .Help("Records consumed and not stored by rule (temperature other than "
                         "NotifyFullStatus)")
                   .Register(registry)),
      inserted_(BuildCounter()
                    .Name("telemetry_sink_rows_inserted_total")
                    .Help("Rows inserted into the raw table")
                    .Register(registry)),
      duplicates_(BuildCounter()
                      .Name("telemetry_sink_duplicates_skipped_total")
                      .Help("Rows skipped because the table already had their (device, time)")
                      .Register(registry)),
      dead_letters_(BuildCounter()
                        .Name("telemetry_sink_dead_letters_total")
                        .Help("Records sent to the dead-letter topic, by reason code")
                        .Register(registry)),
      retries_(BuildCounter()
                   .Name("telemetry_sink_write_retries_total")
                   .Help("Failed attempts to store a batch, each followed by a backoff")
                   .Register(registry)),
      commit_failures_(BuildCounter()
                           .Name("telemetry_sink_offset_commit_failures_total")
                           .Help("Offset commits refused after the rows were stored (the records "
                                 "are redelivered and skipped as duplicates)")
                           .Register(registry)),
      batch_records_(BuildHistogram()
                         .Name("telemetry_sink_batch_records")
                         .Help("Records per batch")
                         .Register(registry)),
      write_seconds_(BuildHistogram()
                         .Name("telemetry_sink_db_write_seconds")
                         .Help("Duration of a batch's database transaction")
                         .Register(registry)),
      paused_(BuildGauge()
                  .Name("telemetry_sink_paused")
                  .Help("1 while consumption is paused until the database accepts the batch")
                  .Register(registry)),
      pending_(BuildGauge()
                   .Name("telemetry_sink_pending_records")
                   .Help("Records consumed whose offsets are not committed yet")
                   .Register(registry)),
      last_commit_(BuildGauge()
                       .Name("telemetry_sink_last_commit_timestamp_seconds")
                       .Help("Unix time of the last offset commit")
                       .Register(registry)),
      commit_lag_(BuildGauge()
                      .Name("telemetry_sink_commit_lag_seconds")
                      .Help("At the last offset commit, the age of the oldest record it covered")
                      .Register(registry)),
      retention_deleted_(BuildCounter()
                             .Name("telemetry_sink_retention_deleted_rows_total")
                             .Help("Raw rows deleted by plain-mode retention")
                             .Register(registry)),
      retention_failures_(BuildCounter()
                              .Name("telemetry_sink_retention_failures_total")
                              .Help("Retention runs that failed (retried at the next interval)")
                              .Register(registry)
                              .Add({})),
      stored_days_failures_(
          BuildCounter()
              .Name("telemetry_sink_stored_days_failures_total")
              .Help("Refreshes of the stored local days that failed (retried at the next interval)")
              .Register(registry)
              .Add({})) {}

FamilyMetrics SinkMetrics::family(const std::string& family, const std::string& table) {
  const prometheus::Labels by_family{{"family", family}};
  const prometheus::Labels by_table{{"table", table}};
  const auto with_reason = [&family](RejectReason reason) {
    return prometheus::Labels{{"family", family}, {"reason", std::string(reason_code(reason))}};
  };
  return {
      consumed_.Add(by_family),
      skipped_.Add(by_family),
      inserted_.Add(by_table),
      duplicates_.Add(by_table),
      dead_letters_.Add(with_reason(RejectReason::invalid_record)),
      dead_letters_.Add(with_reason(RejectReason::constraint_violation)),
      retries_.Add(by_family),
      commit_failures_.Add(by_family),
      batch_records_.Add(
          by_family, prometheus::Histogram::BucketBoundaries{1, 5, 10, 25, 50, 100, 250, 500, 1000,
                                                             2500, 5000}),
      write_seconds_.Add(by_family, core::metrics::latency_buckets()),
      paused_.Add(by_family),
      pending_.Add(by_family),
      last_commit_.Add(by_family),
      commit_lag_.Add(by_family),
  };
}

prometheus::Counter& SinkMetrics::retention_deleted(const std::string& table) {
  return retention_deleted_.Add({{"table", table}});
}

}  // namespace sink
