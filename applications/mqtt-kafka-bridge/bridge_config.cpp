#include "bridge_config.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include "mapper_registry.hpp"
#include "time_zone.hpp"
#include "topic_filter.hpp"

namespace bridge {
namespace {

// Records above Kafka's default max.message.bytes (1 MiB) cannot be produced, so the payload
// limit stays below it, with room for the envelope and the DLQ headers.
constexpr std::int64_t payload_limit = 1'000'000;

std::vector<std::string> stream_names(const core::config::Reader& reader,
                                      const std::vector<StreamConfig>& defaults) {
  std::vector<std::string> names;
  names.reserve(defaults.size());
  for (const auto& stream : defaults) {
    names.push_back(stream.name);
  }
  const auto yaml = reader.node("streams");
  if (yaml && yaml.IsMap()) {
    for (const auto& entry : yaml) {
      auto name = entry.first.Scalar();
      if (std::find(names.begin(), names.end(), name) == names.end()) {
        names.push_back(std::move(name));
      }
    }
  }
  return names;
}

std::optional<std::string> unless_empty(const std::string& value) {
  return value.empty() ? std::nullopt : std::optional<std::string>(value);
}

// `defaults` is the contract's stream of that name, or only the name for a stream the YAML adds;
// such a stream must name its mapper, topics and Kafka topic.
StreamConfig read_stream(core::config::Reader& reader, StreamConfig defaults) {
  const auto key = "streams." + defaults.name;
  StreamConfig stream = std::move(defaults);
  stream.mapper = reader.string(key + ".mapper", unless_empty(stream.mapper));
  stream.kafka_topic = reader.string(key + ".kafka_topic", unless_empty(stream.kafka_topic));
  stream.mqtt_topics = reader.list(key + ".mqtt_topics", stream.mqtt_topics);
  const auto locations = reader.node(key + ".locations");
  if (!locations || locations.IsNull()) {
    return stream;
  }
  const auto scalars = [](const YAML::Node& map) {
    return std::all_of(map.begin(), map.end(), [](const auto& entry) {
      return entry.first.IsScalar() && entry.second.IsScalar();
    });
  };
  if (!locations.IsMap() || !scalars(locations)) {
    reader.add_problem(key + ".locations: expected a map of MQTT topic to location");
    return stream;
  }
  for (const auto& entry : locations) {
    stream.locations[entry.first.Scalar()] = entry.second.Scalar();
  }
  return stream;
}

void check_stream(core::config::Reader& reader, const StreamConfig& stream,
                  std::set<std::string>& filters_seen) {
  const auto key = "streams." + stream.name;
  if (!stream.mapper.empty() && !is_known_mapper(stream.mapper)) {
    reader.add_problem(key + ".mapper: unknown mapper '" + stream.mapper + "'");
  }
  if (stream.mqtt_topics.empty()) {
    reader.add_problem(key + ".mqtt_topics: at least one MQTT topic is required");
  }
  for (const auto& filter : stream.mqtt_topics) {
    auto problem = key + ".mqtt_topics: '";
    problem += filter;
    if (!is_valid_topic_filter(filter)) {
      reader.add_problem(problem + "' is not a valid MQTT topic filter");
    } else if (!filters_seen.insert(filter).second) {
      reader.add_problem(problem + "' is used by another stream");
    }
  }
}

}  // namespace

std::vector<StreamConfig> default_streams() {
  return {
      {"energy", "saveeye", {"saveeye/telemetry"}, "homelab-energy-realtime", {}},
      {"temperature",
       "shelly",
       {"shellyhtg3-e4b32322a0f4/events/rpc"},
       "homelab-temperature-indoor",
       {}},
      {"heatpump", "thermiq", {"thermiq_heatpump/data"}, "homelab-heatpump-telemetry", {}},
  };
}

BridgeConfig read_bridge_config(core::config::Reader& reader) {
  BridgeConfig config;  // the contract's defaults until a setting overrides them
  config.time_zone = reader.string("time_zone", config.time_zone);
  if (!TimeZone::exists(config.time_zone)) {
    reader.add_problem("time_zone: '" + config.time_zone + "' is not an IANA time zone");
  }
  config.max_payload_bytes = static_cast<std::size_t>(reader.integer(
      "max_payload_bytes", static_cast<std::int64_t>(config.max_payload_bytes), 1, payload_limit));
  config.dlq_topic = reader.string("dlq_topic", config.dlq_topic);

  std::vector<StreamConfig> streams;
  std::set<std::string> filters_seen;
  for (const auto& name : stream_names(reader, config.streams)) {
    const auto known = std::find_if(config.streams.begin(), config.streams.end(),
                                    [&](const StreamConfig& s) { return s.name == name; });
    StreamConfig added;
    added.name = name;
    streams.push_back(read_stream(reader, known != config.streams.end() ? *known : added));
    check_stream(reader, streams.back(), filters_seen);
  }
  config.streams = std::move(streams);
  return config;
}

}  // namespace bridge
