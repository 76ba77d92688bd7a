#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/pg/connection.hpp"
#include "processor_metrics.hpp"

namespace outbox {

// The Kafka handler of the processor's consumer group (settings-api.md sections 4.3 and 5): in
// one transaction per telemetry record it stores the device's reported settings registers
// (device_reports, for the timeout reasons), confirms the device's published rows whose every
// commanded value the record reports, and then fails the older published rows that a newly
// confirmed one supersedes. Every update is guarded by status = 'published', so a redelivered
// record or a concurrent replica cannot apply a transition twice.
class Confirmation {
 public:
  Confirmation(std::string conninfo, ProcessorMetrics& metrics);

  // Throws when the database fails; the consumer retries the record.
  void handle(std::string_view kafka_value);

 private:
  core::pg::Connection& connection();

  std::string conninfo_;
  ProcessorMetrics& metrics_;
  std::unique_ptr<core::pg::Connection> conn_;
};

}  // namespace outbox
