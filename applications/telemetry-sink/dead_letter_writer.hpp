#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/kafka/producer.hpp"
#include "core/kafka/record.hpp"
#include "row_mapping.hpp"

namespace sink {

// A record the sink can never store, with what the DLQ record needs (kafka.md section 4).
struct DeadLetter {
  std::string_view source_topic;
  std::string_view value;          // the original Kafka value, forwarded unchanged
  std::optional<std::string> key;  // the device id when known
  RejectReason reason;
  std::string detail;
  std::chrono::system_clock::time_point received_at;
};

// x-source-topic, x-error-reason ("<code>: <detail>"), x-received-at and x-stage ("sink:<table>").
core::kafka::Headers dead_letter_headers(const DeadLetter& letter, std::string_view table);

// Produces dead letters to the DLQ topic and waits for the broker's acknowledgement of every one,
// so that the caller commits its offsets only after the DLQ has the records. Shared by the
// family threads (the producer is thread-safe).
class DeadLetterWriter {
 public:
  DeadLetterWriter(core::kafka::Producer& producer, std::string topic)
      : producer_(producer), topic_(std::move(topic)) {}

  // Throws core::kafka::Error when a record cannot be queued or was not acknowledged.
  void send(std::span<const DeadLetter> letters, std::string_view table);

 private:
  core::kafka::Producer& producer_;
  std::string topic_;
};

}  // namespace sink
