#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mapper.hpp"

namespace bridge {

struct KafkaHeader {
  std::string name;
  std::string value;
};

// A record ready for the producer, independent of the Kafka client library.
struct KafkaRecord {
  std::string topic;
  std::optional<std::string> key;  // nullopt: a null key
  std::string value;
  std::vector<KafkaHeader> headers;
};

// A mapped record for its stream topic: no headers (kafka.md section 2).
KafkaRecord stream_record(std::string_view kafka_topic, const MappedRecord& mapped);

// A DLQ record (kafka.md section 4): the original payload bytes unchanged, with the headers
// x-source-topic, x-error-reason ("<code>: <detail>"), x-received-at and x-stage=bridge.
KafkaRecord dead_letter_record(std::string_view dlq_topic, const MqttMessage& message,
                               const DeadLetter& dead_letter);

}  // namespace bridge
