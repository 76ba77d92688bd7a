#include "api_config.hpp"

#include <stdexcept>

#include "core/http/listen_settings.hpp"
#include "core/log/log_settings.hpp"
#include "reader_conninfo.hpp"

namespace homelab_api {
namespace {

// Together with the pool's acquire timeout this bounds how long a request waits for the database
// (the contract's 503 "when no connection can be obtained within 5 s").
constexpr std::chrono::seconds kConnectTimeout{5};

}  // namespace

ApiConfig read_api_config(core::config::Reader& reader) {
  ApiConfig config;
  core::http::read_listen(reader, config.address, config.port);
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
  core::log::read_log_settings(reader, config.log_format, config.log_level);
  return config;
}

}  // namespace homelab_api
