#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>

#include <string>

#include "core/metrics/exposition.hpp"
#include "row_mapping.hpp"

namespace sink {

// The metrics of one table family, labelled {family} or {table}.
struct FamilyMetrics {
  prometheus::Counter& consumed;         // records read from Kafka
  prometheus::Counter& skipped;          // consumed and not stored by rule
  prometheus::Counter& inserted;         // rows the table gained
  prometheus::Counter& duplicates;       // rows skipped on the unique key
  prometheus::Counter& invalid_records;  // dead letters by reason
  prometheus::Counter& constraint_violations;
  prometheus::Counter& retries;          // failed attempts to store a batch
  prometheus::Counter& commit_failures;  // offset commits the broker refused
  prometheus::Histogram& batch_records;
  prometheus::Histogram& write_seconds;  // the database transaction of a batch
  prometheus::Gauge& paused;             // 1 while consumption waits for the database
  prometheus::Gauge& pending;            // records consumed and not yet committed
  prometheus::Gauge& last_commit;        // Unix time of the last offset commit
  prometheus::Gauge& commit_lag;         // at that commit: age of the batch's oldest record

  prometheus::Counter& dead_letters(RejectReason reason) {
    return reason == RejectReason::invalid_record ? invalid_records : constraint_violations;
  }
};

class SinkMetrics {
 public:
  explicit SinkMetrics(core::metrics::Registry& registry);

  FamilyMetrics family(const std::string& family, const std::string& table);
  prometheus::Counter& retention_deleted(const std::string& table);
  prometheus::Counter& retention_failures() { return retention_failures_; }
  prometheus::Counter& stored_days_failures() { return stored_days_failures_; }

 private:
  prometheus::Family<prometheus::Counter>& consumed_;
  prometheus::Family<prometheus::Counter>& skipped_;
  prometheus::Family<prometheus::Counter>& inserted_;
  prometheus::Family<prometheus::Counter>& duplicates_;
  prometheus::Family<prometheus::Counter>& dead_letters_;
  prometheus::Family<prometheus::Counter>& retries_;
  prometheus::Family<prometheus::Counter>& commit_failures_;
  prometheus::Family<prometheus::Histogram>& batch_records_;
  prometheus::Family<prometheus::Histogram>& write_seconds_;
  prometheus::Family<prometheus::Gauge>& paused_;
  prometheus::Family<prometheus::Gauge>& pending_;
  prometheus::Family<prometheus::Gauge>& last_commit_;
  prometheus::Family<prometheus::Gauge>& commit_lag_;
  prometheus::Family<prometheus::Counter>& retention_deleted_;
  prometheus::Counter& retention_failures_;
  prometheus::Counter& stored_days_failures_;
};

}  // namespace sink
