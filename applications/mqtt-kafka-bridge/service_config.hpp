#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "bridge_config.hpp"
#include "core/config/reader.hpp"
#include "core/log/logging.hpp"

namespace bridge {

// Everything the running bridge needs besides the mapping (BridgeConfig).
struct ServiceConfig {
  BridgeConfig mapping;
  std::string mqtt_uri;
  std::string mqtt_username;
  std::string mqtt_password;
  std::vector<std::string> mqtt_client_ids;  // per stream, in the order of mapping.streams
  std::size_t mqtt_max_in_flight = 1000;
  std::string kafka_bootstrap_servers;
  std::string http_address = "0.0.0.0";
  std::uint16_t http_port = 8080;
  core::log::Format log_format = core::log::Format::automatic;
  std::string log_level = "info";
  std::chrono::seconds shutdown_timeout{10};
};

// The contract's client id of a stream (mqtt.md section 2): mqtt-redpanda-bridge-<stream>, where
// the temperature stream is "temperature-indoor".
std::string default_client_id(const std::string& stream);

// Reads the bridge's settings (environment variable in parentheses; see core::config::Reader):
//   mqtt.uri (MQTT_URI), mqtt.username (MQTT_USERNAME), mqtt.password (MQTT_PASSWORD or the file
//   named by MQTT_PASSWORD_FILE), mqtt.max_in_flight (MQTT_MAX_IN_FLIGHT),
//   streams.<name>.mqtt_client_id (STREAMS_<NAME>_MQTT_CLIENT_ID),
//   kafka.bootstrap_servers (KAFKA_BOOTSTRAP_SERVERS), http.address (HTTP_ADDRESS),
//   http.port (HTTP_PORT), log.format (LOG_FORMAT), log.level (LOG_LEVEL),
//   shutdown_timeout_seconds (SHUTDOWN_TIMEOUT_SECONDS), plus read_bridge_config()'s keys.
// Problems are recorded in `reader`; call reader.finish() to report them all.
ServiceConfig read_service_config(core::config::Reader& reader);

}  // namespace bridge
