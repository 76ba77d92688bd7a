#include "ws_config.hpp"

#include <set>

#include "core/http/listen_settings.hpp"
#include "core/log/log_settings.hpp"

namespace energy_ws {
namespace {

void read_kafka(core::config::Reader& reader, WsConfig& config) {
  config.kafka_brokers = reader.string("kafka.brokers");
  std::set<std::string, std::less<>> seen;
  for (const auto stream : kAllStreams) {
    auto& topic = config.topics.at(stream_index(stream));
    const auto key = "kafka.topics." + std::string(stream_name(stream));
    topic = reader.string(key, topic);
    if (topic.empty()) {
      reader.add_problem(key + ": must not be empty");
    } else if (!seen.insert(topic).second) {
      reader.add_problem(key + ": '" + topic + "' is already the topic of another stream");
    }
  }
  config.kafka_fetch_wait = std::chrono::milliseconds(
      reader.integer("kafka.fetch_wait_max_ms", config.kafka_fetch_wait.count(), 1, 1000));
}

void read_server(core::config::Reader& reader, WsConfig& config) {
  config.max_connections = static_cast<std::size_t>(reader.integer(
      "server.max_connections", static_cast<std::int64_t>(config.max_connections), 1, 100'000));
  config.send_queue_frames = static_cast<std::size_t>(reader.integer(
      "server.send_queue_frames", static_cast<std::int64_t>(config.send_queue_frames), 1, 65'536));
  config.stuck_timeout = std::chrono::seconds(
      reader.integer("server.stuck_timeout_s", config.stuck_timeout.count(), 1, 3600));
}

}  // namespace

WsConfig read_ws_config(core::config::Reader& reader) {
  WsConfig config;
  core::http::read_listen(reader, config.address, config.port);
  read_kafka(reader, config);
  read_server(reader, config);
  config.cors_allowed_origins = reader.list("cors.allowed_origins", config.cors_allowed_origins);
  for (const auto& origin : config.cors_allowed_origins) {
    if (origin == "*" || origin.ends_with('/')) {
      reader.add_problem("cors.allowed_origins: '" + origin +
                         "' is not an exact origin (scheme://host[:port], no wildcard)");
    }
  }
  config.auth = core::auth::read_auth_config(reader);
  if (config.auth.mode == core::auth::Mode::proxy) {
    // Browsers cannot send the proxy's headers on a WebSocket; the contract knows jwt and none.
    reader.add_problem("auth.mode: proxy is not supported by energy-ws (jwt or none)");
  }
  core::log::read_log_settings(reader, config.log_format, config.log_level);
  return config;
}

}  // namespace energy_ws
