#include "api_config.hpp"

#include <boost/asio/ip/address.hpp>
#include <stdexcept>

#include "core/log/log_settings.hpp"
#include "core/pg/conninfo.hpp"

namespace settings_api {
namespace {

// Together with the pool's acquire timeout this bounds how long a request waits for the
// database before it is answered 503.
constexpr std::chrono::seconds kConnectTimeout{5};

}  // namespace

ApiConfig read_api_config(core::config::Reader& reader) {
  ApiConfig config;
  config.address = reader.string("http.address", config.address);
  config.port = static_cast<std::uint16_t>(reader.integer("http.port", config.port, 0, 65535));
  boost::system::error_code ec;
  boost::asio::ip::make_address(config.address, ec);
  if (ec) {
    reader.add_problem("http.address: '" + config.address + "' is not an IP address");
  }
  config.pool_size = static_cast<std::size_t>(
      reader.integer("database.pool_size", static_cast<std::int64_t>(config.pool_size), 1, 200));
  const auto statement_timeout =
      reader.integer("database.statement_timeout_ms", 30'000, 100, 3'600'000);
  const auto url = reader.secret("database.url");
  if (!url.empty()) {
    try {
      config.database_conninfo =
          core::pg::service_conninfo(url, "heatpump-settings-api", kConnectTimeout,
                                     "-c statement_timeout=" + std::to_string(statement_timeout));
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
  config.auth = core::auth::read_auth_config(reader);
  config.outbox_max_retries =
      static_cast<int>(reader.integer("outbox.max_retries", config.outbox_max_retries, 1, 100));
  config.kafka.bootstrap_servers = reader.string("kafka.brokers");
  config.kafka.topic = reader.string("kafka.topic", config.kafka.topic);
  config.kafka.group_id = reader.string("kafka.group_id", "heatpump-settings-api");
  config.kafka.client_id = "heatpump-settings-api";
  config.kafka.session_timeout =
      std::chrono::milliseconds(reader.integer("kafka.session_timeout_ms", 10'000, 1'000, 300'000));
  core::log::read_log_settings(reader, config.log_format, config.log_level);
  return config;
}

}  // namespace settings_api
