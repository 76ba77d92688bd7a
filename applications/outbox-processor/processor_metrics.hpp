#pragma once

#include <prometheus/counter.h>
#include <prometheus/gauge.h>

#include <string_view>

#include "core/metrics/exposition.hpp"

namespace outbox {

// The processor's metrics, per outbox state (settings-api.md section 4):
//   outbox_rows{status}                      rows in each state, refreshed on every wake-up
//   outbox_transitions_total{to}             transitions this replica applied: published,
//                                            retry (back to pending), confirmed, failed
//   outbox_messages_published_total          {"dNN": value} messages the broker acknowledged
//   outbox_publish_failures_total            attempts that failed (error or PUBACK timeout)
//   outbox_wakeups_total{reason}             notification or poll
//   outbox_telemetry_records_total{outcome}  records the confirmation consumer handled
class ProcessorMetrics {
 public:
  explicit ProcessorMetrics(core::metrics::Registry& registry);

  prometheus::Gauge& rows(std::string_view status);
  prometheus::Counter& transition(std::string_view to);

  prometheus::Counter& messages_published;
  prometheus::Counter& publish_failures;
  prometheus::Counter& woken_by_notification;
  prometheus::Counter& woken_by_poll;
  prometheus::Counter& records_handled;
  prometheus::Counter& records_skipped;

 private:
  prometheus::Family<prometheus::Gauge>& rows_;
  prometheus::Family<prometheus::Counter>& transitions_;
};

}  // namespace outbox
