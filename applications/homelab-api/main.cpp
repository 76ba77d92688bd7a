// homelab-api: the read-only REST API over the telemetry database (contracts/homelab-api.md).
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "api_config.hpp"
#include "api_service.hpp"
#include "core/log/logging.hpp"

namespace {

constexpr auto kSettingsHelp = R"(Settings (environment, or the YAML file's dotted keys):
  DATABASE_URL / DATABASE_URL_FILE   libpq string or URI for telemetry_reader (required, secret)
  LISTEN                             host:port (0.0.0.0:8080); HTTP_ADDRESS, HTTP_PORT override
  DATABASE_POOL_SIZE                 connections (10)
  DATABASE_STATEMENT_TIMEOUT_MS      per statement (30000)
  AUTH_MODE                          jwt, proxy or none (jwt)
  AUTH_ISSUER, AUTH_JWKS_URL, AUTH_AUDIENCES   one issuer (jwt); or auth.issuers in the file
  AUTH_TRUSTED_PROXIES               CIDRs whose X-Auth-Request-* headers count (proxy)
  CORS_ALLOWED_ORIGINS               https://heatpump.k12n.com,http://localhost:5173
  TIME_ZONE                          Europe/Stockholm; must equal platform_config.time_zone
  LOG_FORMAT, LOG_LEVEL              auto|json|text, info)";

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Read-only REST API over the k12n telemetry database.", "homelab-api"};
  std::string config_file;
  app.add_option("--config", config_file, "YAML settings file; the environment overrides it")
      ->envname("CONFIG_FILE");
  app.set_version_flag("--version", std::string("homelab-api ") + K12N_VERSION);
  app.footer(kSettingsHelp);
  CLI11_PARSE(app, argc, argv);

  core::config::Reader reader(config_file);
  const auto config = homelab_api::read_api_config(reader);
  try {
    reader.finish();
  } catch (const core::config::ConfigError& e) {
    std::cerr << "homelab-api: " << e.what() << "\n";
    return 2;
  }
  core::log::init({"homelab-api", config.log_format, config.log_level});

  try {
    homelab_api::ApiService service(config);
    service.stop_on_signals();
    service.run();
    return 0;
  } catch (const std::exception& e) {
    spdlog::critical("{}", e.what());
    return 1;
  }
}
