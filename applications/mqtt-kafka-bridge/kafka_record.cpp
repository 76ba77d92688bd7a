#include "kafka_record.hpp"

namespace bridge {

KafkaRecord stream_record(std::string_view kafka_topic, const MappedRecord& mapped) {
  return {std::string(kafka_topic), mapped.key, boost::json::serialize(mapped.value), {}};
}

KafkaRecord dead_letter_record(std::string_view dlq_topic, const MqttMessage& message,
                               const DeadLetter& dead_letter) {
  return {std::string(dlq_topic),
          dead_letter.key,
          std::string(message.payload),
          {
              {"x-source-topic", std::string(message.topic)},
              {"x-error-reason",
               std::string(reason_code(dead_letter.reason)) + ": " + dead_letter.detail},
              {"x-received-at", core::time::format_rfc3339_ms(message.received)},
              {"x-stage", "bridge"},
          }};
}

}  // namespace bridge
