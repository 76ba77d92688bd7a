// device-sim: simulated SaveEye meter, Shelly H&T Gen3 and ThermIQ heat pump publishing the
// payloads of contracts/mqtt.md, answering ThermIQ write commands; with --rate, a SaveEye load
// generator for benchmarks. Configuration from the environment and an optional YAML file
// (README.md); command-line flags win.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <functional>
#include <iostream>
#include <memory>

#include "command_listener.hpp"
#include "core/config/reader.hpp"
#include "core/log/logging.hpp"
#include "core/mqtt/async_publisher.hpp"
#include "core/mqtt/client.hpp"
#include "events.hpp"
#include "health_server.hpp"
#include "live_mode.hpp"
#include "load_mode.hpp"
#include "local_time.hpp"
#include "shutdown_signal.hpp"
#include "sim_config.hpp"
#include "sim_metrics.hpp"

namespace {

constexpr int kConfigurationError = 2;

// /healthz, /readyz and /metrics when http.port is set.
std::unique_ptr<device_sim::HealthServer> health_server(const device_sim::SimConfig& config,
                                                        core::metrics::Registry& registry,
                                                        std::function<bool()> connected) {
  if (!config.http_port) {
    return nullptr;
  }
  return std::make_unique<device_sim::HealthServer>(config.http_address, *config.http_port,
                                                    registry, std::move(connected));
}

int run_live(const device_sim::SimConfig& config, device_sim::Events& events) {
  core::metrics::Registry registry;
  device_sim::SimMetrics metrics(registry);
  device_sim::CommandListener listener(events, config.ignore_commands, metrics);
  core::mqtt::Client client(config.mqtt,
                            [&](const core::mqtt::Message& m) { listener.on_message(m); });
  client.connect();
  if (config.thermiq && !config.ignore_commands) {
    client.subscribe({config.thermiq_write_topic});
  }
  const auto http = health_server(config, registry, [&] { return client.connected(); });
  spdlog::info("simulating{}{}{}; time scale {}", config.saveeye ? " saveeye" : "",
               config.shelly ? " shelly" : "", config.thermiq ? " thermiq" : "", config.time_scale);
  device_sim::run_live(config, client, events, metrics);
  return 0;
}

int run_load(const device_sim::SimConfig& config, device_sim::Events& events) {
  auto options = config.mqtt;
  options.client_id += "-load";
  core::mqtt::AsyncPublisher publisher(options, config.load_max_in_flight);
  publisher.connect();
  core::metrics::Registry registry;
  const auto http = health_server(config, registry, [&] { return publisher.connected(); });
  spdlog::info("load: {} message(s)/s{}", config.load_rate,
               config.load_count != 0 ? ", " + std::to_string(config.load_count) + " in total"
                                      : std::string());
  const auto summary = device_sim::run_load(config, publisher, events);
  publisher.disconnect();
  std::cout << summary.line() << std::endl;
  return summary.acknowledged == summary.published ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Simulated SaveEye, Shelly H&T Gen3 and ThermIQ devices on MQTT, and a SaveEye "
      "load generator",
      "device-sim"};
  device_sim::CommandLine command_line;
  app.add_option("--config", command_line.config_file, "Optional YAML configuration file")
      ->envname("CONFIG_FILE");
  app.add_option("--rate", command_line.rate,
                 "Load mode: publish this many SaveEye messages per second in total")
      ->check(CLI::Range(1.0, 1e7));
  app.add_option("--count", command_line.count, "Load mode: stop after this many messages")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 62U))
      ->needs("--rate");
  app.add_option("--max-in-flight", command_line.max_in_flight,
                 "Load mode: QoS 1 messages awaiting PUBACK at once (LOAD_MAX_IN_FLIGHT)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{65535}));
  app.add_option("--time-scale", command_line.time_scale,
                 "Simulated seconds per second for the heat pump, indoor climate and battery "
                 "(TIME_SCALE)")
      ->check(CLI::Range(0.001, 100000.0));
  app.add_flag("--ignore-commands", command_line.ignore_commands,
               "Log and drop every ThermIQ write command (THERMIQ_IGNORE_COMMANDS)");
  app.set_version_flag("--version", std::string("device-sim ") + K12N_VERSION);
  CLI11_PARSE(app, argc, argv);

  device_sim::SimConfig config;
  try {
    core::config::Reader reader(command_line.config_file);
    config = device_sim::read_sim_config(reader, command_line);
    reader.finish();
  } catch (const core::config::ConfigError& e) {
    std::cerr << "device-sim: invalid configuration:\n" << e.what() << "\n";
    return kConfigurationError;
  } catch (const std::exception& e) {
    std::cerr << "device-sim: " << e.what() << "\n";
    return kConfigurationError;
  }
  core::log::init({"device-sim", config.log_format, config.log_level});
  // Before any thread starts: see local_time.hpp.
  device_sim::use_time_zone(config.time_zone);

  device_sim::Events events;
  const device_sim::ShutdownSignal shutdown([&](int) { events.request_stop(); });
  try {
    const int status = config.load_rate > 0 ? run_load(config, events) : run_live(config, events);
    spdlog::info("stopped");
    return status;
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
}
