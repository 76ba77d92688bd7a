// heatpump-settings-api: the heat pump settings, changes through the transactional outbox, and
// the settings mirror of the device's reports (contracts/settings-api.md).
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "api_config.hpp"
#include "api_service.hpp"
#include "core/log/logging.hpp"

namespace {

constexpr auto kSettingsHelp = R"(Settings (environment, or the YAML file's dotted keys):
  DATABASE_URL / DATABASE_URL_FILE   libpq string or URI for settings_app (required, secret)
  KAFKA_BROKERS                      host:port[,host:port] (required)
  HTTP_ADDRESS, HTTP_PORT            0.0.0.0, 8080
  DATABASE_POOL_SIZE                 connections (10)
  DATABASE_STATEMENT_TIMEOUT_MS      per statement (30000)
  OUTBOX_MAX_RETRIES                 publish attempts written into each outbox row (3)
  KAFKA_TOPIC, KAFKA_GROUP_ID        homelab-heatpump-telemetry, heatpump-settings-api
  AUTH_MODE                          jwt, proxy or none (jwt)
  AUTH_ISSUER, AUTH_JWKS_URL, AUTH_AUDIENCES   one issuer (jwt); or auth.issuers in the file
  AUTH_TRUSTED_PROXIES               CIDRs whose X-Auth-Request-* headers count (proxy)
  CORS_ALLOWED_ORIGINS               https://heatpump.k12n.com,http://localhost:5173
  LOG_FORMAT, LOG_LEVEL              auto|json|text, info)";

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Heat pump settings REST API with a transactional outbox.", "heatpump-settings-api"};
  std::string config_file;
  app.add_option("--config", config_file, "YAML settings file; the environment overrides it")
      ->envname("CONFIG_FILE");
  app.set_version_flag("--version", std::string("heatpump-settings-api ") + K12N_VERSION);
  app.footer(kSettingsHelp);
  CLI11_PARSE(app, argc, argv);

  core::config::Reader reader(config_file);
  const auto config = settings_api::read_api_config(reader);
  try {
    reader.finish();
  } catch (const core::config::ConfigError& e) {
    std::cerr << "heatpump-settings-api: " << e.what() << "\n";
    return 2;
  }
  core::log::init({"heatpump-settings-api", config.log_format, config.log_level});

  try {
    settings_api::ApiService service(config);
    service.stop_on_signals();
    spdlog::info("listening on {}:{}", config.address, service.port());
    return service.run() ? 0 : 1;
  } catch (const std::exception& e) {
    spdlog::critical("{}", e.what());
    return 1;
  }
}
