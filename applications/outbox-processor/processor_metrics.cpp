#include "processor_metrics.hpp"

#include <string>

namespace outbox {
namespace {

prometheus::Family<prometheus::Counter>& counter_family(core::metrics::Registry& registry,
                                                        const std::string& name,
                                                        const std::string& help) {
  return prometheus::BuildCounter().Name(name).Help(help).Register(registry);
}

}  // namespace

ProcessorMetrics::ProcessorMetrics(core::metrics::Registry& registry)
    : messages_published(counter_family(registry, "outbox_messages_published_total",
                                        "Write messages acknowledged by the MQTT broker")
                             .Add({})),
      publish_failures(counter_family(registry, "outbox_publish_failures_total",
                                      "Publish attempts that failed or timed out")
                           .Add({})),
      woken_by_notification(
          counter_family(registry, "outbox_wakeups_total", "Wake-ups of the outbox loop")
              .Add({{"reason", "notification"}})),
      woken_by_poll(counter_family(registry, "outbox_wakeups_total", "Wake-ups of the outbox loop")
                        .Add({{"reason", "poll"}})),
      records_handled(counter_family(registry, "outbox_telemetry_records_total",
                                     "Telemetry records handled by the confirmation consumer")
                          .Add({{"outcome", "handled"}})),
      records_skipped(counter_family(registry, "outbox_telemetry_records_total",
                                     "Telemetry records handled by the confirmation consumer")
                          .Add({{"outcome", "skipped"}})),
      rows_(prometheus::BuildGauge()
                .Name("outbox_rows")
                .Help("Outbox rows in each state")
                .Register(registry)),
      transitions_(counter_family(registry, "outbox_transitions_total",
                                  "Outbox state transitions applied by this replica")) {
  for (const auto* status : {"pending", "published", "confirmed", "failed"}) {
    rows(status);
  }
  for (const auto* to : {"published", "retry", "confirmed", "failed"}) {
    transition(to);
  }
}

prometheus::Gauge& ProcessorMetrics::rows(std::string_view status) {
  return rows_.Add({{"status", std::string(status)}});
}

prometheus::Counter& ProcessorMetrics::transition(std::string_view to) {
  return transitions_.Add({{"to", std::string(to)}});
}

}  // namespace outbox
