#include "api_config.hpp"

#include <spdlog/common.h>

#include <boost/asio/ip/address.hpp>
#include <charconv>
#include <optional>
#include <stdexcept>

#include "reader_conninfo.hpp"

namespace homelab_api {
namespace {

// Together with the pool's acquire timeout this bounds how long a request waits for the database
// (the contract's 503 "when no connection can be obtained within 5 s").
constexpr std::chrono::seconds kConnectTimeout{5};

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

void read_listen(core::config::Reader& reader, ApiConfig& config) {
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

void read_log(core::config::Reader& reader, ApiConfig& config) {
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

ApiConfig read_api_config(core::config::Reader& reader) {
  ApiConfig config;
  read_listen(reader, config);
  config.pool_size = static_cast<std::size_t>(
      reader.integer("database.pool_size", static_cast<std::int64_t>(config.pool_size), 1, 200));
  const auto statement_timeout = std::chrono::milliseconds(
      reader.integer("database.statement_timeout_ms", 30'000, 100, 3'600'000));
  const auto url = reader.secret("database.url");
  if (!url.empty()) {
    try {
      config.database_conninfo = reader_conninfo(url, kConnectTimeout, statement_timeout);
    } catch (const std::invalid_argument& e) {
      reader.add_problem(std::string("database.url: ") + e.what());
    }
  }
  config.cors_allowed_origins = reader.list("cors.allowed_origins", config.cors_allowed_origins);
  for (const auto& origin : config.cors_allowed_origins) {
    if (origin == "*" || origin.ends_with('/')) {
      reader.add_problem("cors.allowed_origins: '" + origin +
                         "' is not an exact origin (scheme://host[:port], no wildcard)");
    }
  }
  config.time_zone = reader.string("time_zone", config.time_zone);
  if (config.time_zone.empty()) {
    reader.add_problem("time_zone: must not be empty");
  }
  config.auth = core::auth::read_auth_config(reader);
  read_log(reader, config);
  return config;
}

}  // namespace homelab_api
