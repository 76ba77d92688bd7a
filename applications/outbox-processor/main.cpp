// outbox-processor: publishes the settings outbox to the heat pump over MQTT and confirms each
// command against the device's telemetry (contracts/settings-api.md section 4).
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "core/log/logging.hpp"
#include "processor_config.hpp"
#include "processor_service.hpp"

namespace {

constexpr auto kSettingsHelp = R"(Settings (environment, or the YAML file's dotted keys):
  DATABASE_URL / DATABASE_URL_FILE   libpq string or URI for settings_app (required, secret)
  MQTT_URL                           tcp://host:port (required)
  MQTT_USERNAME, MQTT_PASSWORD / MQTT_PASSWORD_FILE   (required; the password is never logged)
  MQTT_CLIENT_ID                     outbox-processor-<hostname>
  MQTT_WRITE_TOPIC                   thermiq_heatpump/write
  KAFKA_BROKERS                      host:port[,host:port] (required)
  KAFKA_TOPIC, KAFKA_GROUP_ID        homelab-heatpump-telemetry, heatpump-settings-outbox-processor
  OUTBOX_POLL_INTERVAL_S             5
  OUTBOX_CONFIRM_TIMEOUT_S           120
  OUTBOX_RETRY_DELAY_S               5 (retry n waits this * 2^n)
  OUTBOX_PUBLISH_TIMEOUT_S           10 (PUBACK per message)
  HTTP_ADDRESS, HTTP_PORT            /healthz, /readyz, /metrics (0.0.0.0, 8080)
  LOG_FORMAT, LOG_LEVEL              auto|json|text, info)";

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Publishes heat pump setting changes from the outbox and confirms them.",
               "outbox-processor"};
  std::string config_file;
  app.add_option("--config", config_file, "YAML settings file; the environment overrides it")
      ->envname("CONFIG_FILE");
  app.set_version_flag("--version", std::string("outbox-processor ") + K12N_VERSION);
  app.footer(kSettingsHelp);
  CLI11_PARSE(app, argc, argv);

  core::config::Reader reader(config_file);
  const auto config = outbox::read_processor_config(reader);
  try {
    reader.finish();
  } catch (const core::config::ConfigError& e) {
    std::cerr << "outbox-processor: " << e.what() << "\n";
    return 2;
  }
  core::log::init({"outbox-processor", config.log_format, config.log_level});

  try {
    outbox::ProcessorService service(config);
    service.stop_on_signals();
    spdlog::info("health on {}:{}, publishing to {} as {}", config.http_address, service.port(),
                 config.write_topic, config.mqtt.client_id);
    return service.run() ? 0 : 1;
  } catch (const std::exception& e) {
    spdlog::critical("{}", e.what());
    return 1;
  }
}
