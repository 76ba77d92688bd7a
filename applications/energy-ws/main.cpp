// energy-ws: live readings from the three stream topics, fanned out to browsers over WebSocket
// (contracts/energy-ws.md).
#include <librdkafka/rdkafkacpp.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "core/log/logging.hpp"
#include "ws_config.hpp"
#include "ws_service.hpp"

namespace {

constexpr auto kSettingsHelp = R"(Settings (environment, or the YAML file's dotted keys):
  KAFKA_BROKERS                      host:port[,host:port] (required)
  LISTEN                             host:port (0.0.0.0:8080); HTTP_ADDRESS, HTTP_PORT override
  KAFKA_TOPICS_ENERGY, KAFKA_TOPICS_TEMPERATURE, KAFKA_TOPICS_HEATPUMP   the stream topics
  KAFKA_FETCH_WAIT_MAX_MS            100
  SERVER_MAX_CONNECTIONS             1000
  SERVER_SEND_QUEUE_FRAMES           256
  SERVER_STUCK_TIMEOUT_S             30
  AUTH_MODE                          jwt or none (jwt)
  AUTH_ISSUER, AUTH_JWKS_URL, AUTH_AUDIENCES   one issuer (jwt); or auth.issuers in the file
  AUTH_ENFORCE_SCOPES                true
  CORS_ALLOWED_ORIGINS               https://heatpump.k12n.com,http://localhost:5173
  LOG_FORMAT, LOG_LEVEL              auto|json|text, info)";

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Live readings from Kafka over WebSocket.", "energy-ws"};
  std::string config_file;
  app.add_option("--config", config_file, "YAML settings file; the environment overrides it")
      ->envname("CONFIG_FILE");
  app.set_version_flag("--version", std::string("energy-ws ") + K12N_VERSION + " (librdkafka " +
                                        RdKafka::version_str() + ")");
  app.footer(kSettingsHelp);
  CLI11_PARSE(app, argc, argv);

  core::config::Reader reader(config_file);
  const auto config = energy_ws::read_ws_config(reader);
  try {
    reader.finish();
  } catch (const core::config::ConfigError& e) {
    std::cerr << "energy-ws: " << e.what() << "\n";
    return 2;
  }
  core::log::init({"energy-ws", config.log_format, config.log_level});

  try {
    energy_ws::WsService service(config);
    service.stop_on_signals();
    service.run();
    return 0;
  } catch (const std::exception& e) {
    spdlog::critical("{}", e.what());
    return 1;
  }
}
