#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/config/reader.hpp"

namespace bridge {

// One bridge stream: the MQTT topic filters it subscribes to, the mapper for their payloads and
// the Kafka topic of the mapped records.
struct StreamConfig {
  std::string name;                      // energy, temperature, heatpump, ...
  std::string mapper;                    // saveeye, shelly, thermiq (mapper_registry.hpp)
  std::vector<std::string> mqtt_topics;  // exact topics or filters with + and #
  std::string kafka_topic;
  // tags.location per exact MQTT topic, for mappers that tag a location (shelly).
  std::map<std::string, std::string, std::less<>> locations;
};

// The contract's streams (mqtt.md section 1, kafka.md section 3).
std::vector<StreamConfig> default_streams();

struct BridgeConfig {
  std::string time_zone = "Europe/Stockholm";  // IANA zone of device clocks without an offset
  std::size_t max_payload_bytes = std::size_t{64} * 1024;  // larger payloads go to the DLQ unparsed
  std::string dlq_topic = "homelab-dlq";
  std::vector<StreamConfig> streams = default_streams();
};

// Reads the bridge's mapping settings, defaulting to the contract. Keys (environment variable
// in parentheses, see core::config::Reader):
//   time_zone (TIME_ZONE), max_payload_bytes (MAX_PAYLOAD_BYTES), dlq_topic (DLQ_TOPIC),
//   streams.<name>.mapper, streams.<name>.mqtt_topics (comma-separated in the environment, e.g.
//   STREAMS_TEMPERATURE_MQTT_TOPICS=+/events/rpc), streams.<name>.kafka_topic and, in YAML only,
//   streams.<name>.locations (a map of MQTT topic to location).
// The streams are energy, temperature and heatpump plus any other name under `streams` in the
// YAML file. Every problem is recorded in `reader`; call reader.finish() to report them.
BridgeConfig read_bridge_config(core::config::Reader& reader);

}  // namespace bridge
