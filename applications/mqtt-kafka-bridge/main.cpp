// mqtt-kafka-bridge: device MQTT topics -> Kafka stream topics and the dead-letter topic
// (contracts/mqtt.md section 2, contracts/kafka.md). Configuration from the environment and an
// optional YAML file (README.md); /healthz, /readyz and /metrics on HTTP_PORT.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <iostream>
#include <memory>
#include <vector>

#include "bridge_metrics.hpp"
#include "core/config/reader.hpp"
#include "core/http/server.hpp"
#include "core/log/logging.hpp"
#include "graceful_shutdown.hpp"
#include "kafka_probe.hpp"
#include "router.hpp"
#include "service_config.hpp"
#include "stream_connection.hpp"

namespace {

constexpr int kConfigurationError = 2;

// The subscriber's QoS 1 window and reconnect policy are the contract's (mqtt.md section 2).
bridge::StreamSettings stream_settings(const bridge::ServiceConfig& config, std::size_t index) {
  const auto& stream = config.mapping.streams[index];
  bridge::StreamSettings settings;
  settings.name = stream.name;
  settings.kafka_topic = stream.kafka_topic;
  settings.dlq_topic = config.mapping.dlq_topic;
  settings.mqtt.uri = config.mqtt_uri;
  settings.mqtt.client_id = config.mqtt_client_ids[index];
  settings.mqtt.username = config.mqtt_username;
  settings.mqtt.password = config.mqtt_password;
  settings.mqtt.filters = stream.mqtt_topics;
  settings.mqtt.max_in_flight = config.mqtt_max_in_flight;
  settings.mqtt.max_payload_bytes = bridge::kMaxKeptPayload;
  settings.kafka = {{"bootstrap.servers", config.kafka_bootstrap_servers},
                    {"client.id", settings.mqtt.client_id}};
  return settings;
}

int run(const bridge::ServiceConfig& config) {
  const bridge::Router router(config.mapping);
  prometheus::Registry registry;
  bridge::BridgeMetrics metrics(registry);
  core::http::Options http;
  http.address = config.http_address;
  http.port = config.http_port;
  core::http::Server server(http, registry);
  bridge::KafkaProbe kafka_probe({{"bootstrap.servers", config.kafka_bootstrap_servers},
                                  {"client.id", "mqtt-kafka-bridge-readiness"}});

  std::vector<std::unique_ptr<bridge::StreamConnection>> streams;
  for (std::size_t i = 0; i < config.mapping.streams.size(); ++i) {
    streams.push_back(std::make_unique<bridge::StreamConnection>(
        server.context().get_executor(), stream_settings(config, i), router, metrics));
  }
  server.add_readiness_check("mqtt", [&streams] {
    for (const auto& stream : streams) {
      if (!stream->connected()) {
        return false;
      }
    }
    return true;
  });
  server.add_readiness_check(
      "kafka", [&kafka_probe] { return kafka_probe.reachable(std::chrono::seconds(2)); });
  boost::asio::signal_set signals(server.context(), SIGTERM, SIGINT);
  bridge::stop_on_signals(signals, streams, server, config.shutdown_timeout);

  for (std::size_t i = 0; i < streams.size(); ++i) {
    const auto& stream = config.mapping.streams[i];
    spdlog::info("stream {}: {} -> {} (MQTT client id {})", stream.name,
                 fmt::join(stream.mqtt_topics, ", "), stream.kafka_topic,
                 config.mqtt_client_ids[i]);
    streams[i]->start();
  }
  server.run();
  spdlog::info("stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Bridges device MQTT topics to Kafka: one QoS 1 connection per stream, each message "
      "acknowledged on MQTT only after Kafka has its record. Settings come from the environment "
      "(MQTT_URI, MQTT_USERNAME, MQTT_PASSWORD, KAFKA_BOOTSTRAP_SERVERS, ...; see README.md).",
      "mqtt-kafka-bridge"};
  std::string config_file;
  app.add_option("--config", config_file, "optional YAML configuration file")
      ->envname("CONFIG_FILE");
  app.set_version_flag("--version", std::string("mqtt-kafka-bridge ") + K12N_VERSION);
  CLI11_PARSE(app, argc, argv);

  core::config::Reader reader(config_file);
  const auto config = bridge::read_service_config(reader);
  try {
    reader.finish();
  } catch (const core::config::ConfigError& e) {
    std::cerr << "mqtt-kafka-bridge: " << e.what() << "\n";
    return kConfigurationError;
  }
  core::log::init({"mqtt-kafka-bridge", config.log_format, config.log_level});
  try {
    return run(config);
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
}
