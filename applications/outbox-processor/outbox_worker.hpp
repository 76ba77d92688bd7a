#pragma once

#include <chrono>
#include <memory>
#include <stop_token>
#include <string>

#include "core/pg/connection.hpp"
#include "mqtt_publisher.hpp"
#include "processor_config.hpp"
#include "processor_metrics.hpp"

namespace outbox {

// The publishing side of the processor (settings-api.md sections 4.1 to 4.3). It LISTENs on
// outbox_pending and also polls every poll_interval; on every wake-up it claims and publishes
// eligible rows one at a time until none is left, then fails the published rows whose
// confirmation timed out and refreshes outbox_rows{status}.
//
// Claiming: one transaction selects the oldest eligible row FOR UPDATE SKIP LOCKED, publishes
// its messages while holding the lock, records the outcome with an update guarded by
// status = 'pending', and commits. A concurrent replica skips the locked row, and the NOT EXISTS
// of an older pending row of the same device keeps it from overtaking the command either. A
// replica that dies mid-way loses its connection, so PostgreSQL rolls the claim back and the row
// is published again by whoever claims it next: at most once more, never lost.
class OutboxWorker {
 public:
  OutboxWorker(const ProcessorConfig& config, Publisher& publisher, ProcessorMetrics& metrics);

  // Until `stop` is requested. Database failures are logged and the connections reopened with
  // backoff; nothing is dropped.
  void run(const std::stop_token& stop);

  // One claim on `conn`: false when no row is eligible. For tests.
  bool process_one(core::pg::Connection& conn);
  // The timeout sweep and the row gauges. For tests.
  void sweep(core::pg::Connection& conn);

 private:
  void serve(const std::stop_token& stop);
  // Waits up to poll_interval for a notification; true when one arrived.
  bool wait_for_work(core::pg::Connection& listener, const std::stop_token& stop);

  const ProcessorConfig& config_;
  Publisher& publisher_;
  ProcessorMetrics& metrics_;
};

}  // namespace outbox
