#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/auth/auth_config.hpp"
#include "core/config/reader.hpp"
#include "core/log/logging.hpp"
#include "settings_common/telemetry_consumer.hpp"

namespace settings_api {

struct ApiConfig {
  std::string address = "0.0.0.0";
  std::uint16_t port = 8080;
  // database.url in keyword/value form with the service's connection defaults. Secret.
  std::string database_conninfo;
  std::size_t pool_size = 10;
  std::vector<std::string> cors_allowed_origins = {"https://heatpump.k12n.com",
                                                   "http://localhost:5173"};
  core::auth::AuthConfig auth;
  int outbox_max_retries = 3;
  // The settings mirror (settings-api.md section 6).
  settings_common::ConsumerSettings kafka;
  core::log::Format log_format = core::log::Format::automatic;
  std::string log_level = "info";
};

// Reads the API's settings (settings-api.md section 7; environment variable in parentheses, see
// core::config::Reader):
//   http.address, http.port (HTTP_ADDRESS, HTTP_PORT)   default 0.0.0.0:8080
//   database.url (DATABASE_URL, or a file named by DATABASE_URL_FILE), required: settings_app
//   database.pool_size (DATABASE_POOL_SIZE)                       1..200, default 10
//   database.statement_timeout_ms (DATABASE_STATEMENT_TIMEOUT_MS) default 30000
//   cors.allowed_origins (CORS_ALLOWED_ORIGINS, comma-separated)
//   auth.* (AUTH_MODE, ...)             see core::auth::read_auth_config
//   outbox.max_retries (OUTBOX_MAX_RETRIES)  1..100, default 3, written into each outbox row
//   kafka.brokers (KAFKA_BROKERS), required; kafka.topic (KAFKA_TOPIC, homelab-heatpump-telemetry);
//   kafka.group_id (KAFKA_GROUP_ID, heatpump-settings-api);
//   kafka.session_timeout_ms (KAFKA_SESSION_TIMEOUT_MS, 10000)
//   log.format (LOG_FORMAT: auto, json, text), log.level (LOG_LEVEL)
// Every problem is recorded in `reader`; call reader.finish() to report them all.
ApiConfig read_api_config(core::config::Reader& reader);

}  // namespace settings_api
