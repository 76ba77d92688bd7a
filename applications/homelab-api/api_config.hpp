#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/auth/auth_config.hpp"
#include "core/config/reader.hpp"
#include "core/log/logging.hpp"

namespace homelab_api {

struct ApiConfig {
  std::string address = "0.0.0.0";
  std::uint16_t port = 8080;
  // database.url as reader_conninfo() made it: read-only sessions, timeouts. Secret: never logged.
  std::string database_conninfo;
  std::size_t pool_size = 10;
  std::vector<std::string> cors_allowed_origins = {"https://heatpump.k12n.com",
                                                   "http://localhost:5173"};
  std::string time_zone = "Europe/Stockholm";
  core::auth::AuthConfig auth;
  core::log::Format log_format = core::log::Format::automatic;
  std::string log_level = "info";
};

// Reads the API's settings (contracts/homelab-api.md section 6; environment variable in
// parentheses, see core::config::Reader):
//   listen (LISTEN)                     host:port, default 0.0.0.0:8080 ("[::]:8080" for IPv6);
//   http.address, http.port             (HTTP_ADDRESS, HTTP_PORT) override its parts
//   database.url (DATABASE_URL, or a file named by DATABASE_URL_FILE), required
//   database.pool_size (DATABASE_POOL_SIZE)                       1..200, default 10
//   database.statement_timeout_ms (DATABASE_STATEMENT_TIMEOUT_MS) default 30000
//   cors.allowed_origins (CORS_ALLOWED_ORIGINS, comma-separated)
//   time_zone (TIME_ZONE)               compared with platform_config.time_zone at start-up
//   log.format (LOG_FORMAT: auto, json, text), log.level (LOG_LEVEL)
//   auth.* (AUTH_MODE, ...)             see core::auth::read_auth_config
// Every problem is recorded in `reader`; call reader.finish() to report them all.
ApiConfig read_api_config(core::config::Reader& reader);

}  // namespace homelab_api
