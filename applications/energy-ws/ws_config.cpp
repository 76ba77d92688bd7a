#include "ws_config.hpp"

#include <spdlog/common.h>

#include <boost/asio/ip/address.hpp>
#include <charconv>
#include <optional>
#include <set>

namespace energy_ws {
namespace {

struct Listen {
  std::string address;
  std::optional<std::uint16_t> port;
};

// "0.0.0.0:8080", "[::1]:8080"; nullopt port when it is not a number in 0..65535.
std::optional<Listen> split_listen(const std::string& value) {
  std::string host;
  std::string_view port;
  if (value.starts_with('[')) {
    const auto close = value.find(']');
    if (close == std::string::npos || value.size() <= close + 1 || value[close + 1] != ':') {
      return std::nullopt;
    }
    host = value.substr(1, close - 1);
    port = std::string_view(value).substr(close + 2);
  } else {
    const auto colon = value.rfind(':');
    if (colon == std::string::npos) {
      return std::nullopt;
    }
    host = value.substr(0, colon);
    port = std::string_view(value).substr(colon + 1);
  }
  Listen listen{host, std::nullopt};
  unsigned number = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
  if (ec == std::errc() && end == port.data() + port.size() && !port.empty() && number <= 65535) {
    listen.port = static_cast<std::uint16_t>(number);
  }
  return listen;
}

void read_listen(core::config::Reader& reader, WsConfig& config) {
  const auto listen = reader.string("listen", "0.0.0.0:8080");
  const auto parts = split_listen(listen);
  if (!parts || !parts->port) {
    reader.add_problem("listen: '" + listen + "' is not host:port with a port in 0..65535");
  } else {
    config.address = parts->address;
    config.port = *parts->port;
  }
  config.address = reader.string("http.address", config.address);
  config.port = static_cast<std::uint16_t>(reader.integer("http.port", config.port, 0, 65535));
  boost::system::error_code ec;
  boost::asio::ip::make_address(config.address, ec);
  if (ec) {
    reader.add_problem("listen: '" + config.address + "' is not an IP address");
  }
}

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

void read_log(core::config::Reader& reader, WsConfig& config) {
  const auto format = reader.string("log.format", "auto");
  if (!core::log::parse_format(format, config.log_format)) {
    reader.add_problem("log.format: '" + format + "' is not one of auto, json, text");
  }
  config.log_level = reader.string("log.level", config.log_level);
  if (spdlog::level::from_str(config.log_level) == spdlog::level::off &&
      config.log_level != "off") {
    reader.add_problem("log.level: '" + config.log_level +
                       "' is not one of trace, debug, info, warn, error, critical, off");
  }
}

}  // namespace

WsConfig read_ws_config(core::config::Reader& reader) {
  WsConfig config;
  read_listen(reader, config);
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
  read_log(reader, config);
  return config;
}

}  // namespace energy_ws
