#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bridge_config.hpp"
#include "kafka_record.hpp"
#include "mapper.hpp"

namespace bridge {

// Where one MQTT message goes: the stream record, or the DLQ record and why.
struct RoutedMessage {
  std::string_view stream;  // the matched stream's name (owned by the Router); empty for none
  std::optional<DeadLetterReason> dead_letter;  // set when `record` is for the DLQ
  KafkaRecord record;
};

// Routes MQTT messages to their stream's mapper by topic filter and turns the outcome into the
// Kafka record to produce. Immutable after construction, so one Router serves every connection.
class Router {
 public:
  // Throws std::invalid_argument for an unknown time zone or mapper name, which
  // read_bridge_config() reports as configuration problems.
  explicit Router(const BridgeConfig& config);

  // The first stream, in configuration order, with a filter matching the topic maps the message.
  // A topic no stream subscribes to is unexpected_topic; a payload above max_payload_bytes is
  // invalid_json ("payload exceeds N bytes") without being parsed.
  RoutedMessage route(const MqttMessage& message) const;

 private:
  struct Route {
    std::string filter;
    std::string stream;
    std::string kafka_topic;
    std::shared_ptr<const Mapper> mapper;
  };

  const Route* find(std::string_view topic) const;

  std::vector<Route> routes_;
  std::string dlq_topic_;
  std::size_t max_payload_bytes_;
};

}  // namespace bridge
