#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/auth/auth_config.hpp"
#include "core/config/reader.hpp"
#include "core/log/logging.hpp"
#include "stream.hpp"

namespace energy_ws {

struct WsConfig {
  std::string address = "0.0.0.0";
  std::uint16_t port = 8080;
  std::string kafka_brokers;
  // Indexed by stream_index().
  std::array<std::string, kStreamCount> topics = {
      "homelab-energy-realtime", "homelab-temperature-indoor", "homelab-heatpump-telemetry"};
  // librdkafka's fetch.wait.max.ms: how long a fetch without data may wait at the broker. Redpanda
  // answers a waiting fetch as soon as data arrives; the local kafka-dev-broker (librdkafka's mock)
  // waits the whole time, so this bounds the delivery latency there.
  std::chrono::milliseconds kafka_fetch_wait{100};
  std::size_t max_connections = 1000;
  std::size_t send_queue_frames = 256;
  std::chrono::seconds stuck_timeout{30};
  std::vector<std::string> cors_allowed_origins = {"https://heatpump.k12n.com",
                                                   "http://localhost:5173"};
  core::auth::AuthConfig auth;
  core::log::Format log_format = core::log::Format::automatic;
  std::string log_level = "info";

  // Not configuration keys (contract section 5); tests shorten them.
  std::chrono::milliseconds ping_interval{30'000};  // protocol ping
  std::chrono::milliseconds pong_timeout{60'000};   // nothing heard for this long: close 1011
  // How long a close handshake (or the last frames before it) may take before the socket is
  // simply closed.
  std::chrono::milliseconds close_timeout{5'000};
  std::chrono::milliseconds shutdown_timeout{5'000};
};

// Reads the settings of contracts/energy-ws.md section 8 (environment variable in parentheses,
// see core::config::Reader):
//   listen (LISTEN)                       host:port, default 0.0.0.0:8080; HTTP_ADDRESS, HTTP_PORT
//                                         override its parts
//   kafka.brokers (KAFKA_BROKERS)         host:port[,host:port], required
//   kafka.topics.energy, .temperature, .heatpump (KAFKA_TOPICS_ENERGY, ...)
//   kafka.fetch_wait_max_ms (KAFKA_FETCH_WAIT_MAX_MS)   1..1000, default 100
//   server.max_connections (SERVER_MAX_CONNECTIONS)     1..100000, default 1000
//   server.send_queue_frames (SERVER_SEND_QUEUE_FRAMES) 1..65536, default 256
//   server.stuck_timeout_s (SERVER_STUCK_TIMEOUT_S)     1..3600, default 30
//   cors.allowed_origins (CORS_ALLOWED_ORIGINS, comma-separated)
//   auth.* (AUTH_MODE jwt or none, ...)  see core::auth::read_auth_config
//   log.format (LOG_FORMAT: auto, json, text), log.level (LOG_LEVEL)
// Every problem is recorded in `reader`; call reader.finish() to report them all.
WsConfig read_ws_config(core::config::Reader& reader);

}  // namespace energy_ws
