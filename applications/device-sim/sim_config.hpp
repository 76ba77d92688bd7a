#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "core/config/reader.hpp"
#include "core/log/logging.hpp"
#include "core/mqtt/client.hpp"

namespace device_sim {

// Everything device-sim runs with (README.md lists the keys). Environment variables and the
// optional YAML file come through core::config::Reader; command-line flags override them.
struct SimConfig {
  core::mqtt::Options mqtt;
  std::string time_zone = "Europe/Stockholm";
  std::uint64_t random_seed = 0;  // 0: a different run each time
  double time_scale = 1;          // simulated seconds per second for the slow dynamics
  std::string http_address = "127.0.0.1";
  std::optional<std::uint16_t> http_port;  // /healthz, /readyz and /metrics when set
  core::log::Format log_format = core::log::Format::automatic;
  std::string log_level = "info";

  bool saveeye = true;
  std::string saveeye_serial = "9MANZWNG";
  std::chrono::seconds saveeye_interval{1};

  bool shelly = true;
  std::string shelly_id = "e4b32322a0f4";
  std::chrono::milliseconds shelly_wake_interval{60'000};
  double shelly_max_silence = 7200;  // simulated seconds

  bool thermiq = true;
  std::string thermiq_client_name = "ThermIQ_4091519A3058";
  std::chrono::milliseconds thermiq_interval{5'000};
  std::string thermiq_write_topic = "thermiq_heatpump/write";
  bool ignore_commands = false;

  // Load mode when rate > 0: SaveEye payloads only, `rate` messages per second in total.
  double load_rate = 0;
  std::uint64_t load_count = 0;  // 0: until SIGTERM
  std::string load_serial_prefix = "LOAD";
  std::size_t load_meters = 100;  // meters sharing the load
  std::size_t load_max_in_flight = 1000;
};

// Command-line values, which win over the configuration when given.
struct CommandLine {
  std::string config_file;
  std::optional<double> rate;
  std::optional<std::uint64_t> count;
  std::optional<double> time_scale;
  std::optional<std::size_t> max_in_flight;
  bool ignore_commands = false;
};

// Reads and checks every setting, recording each problem in `reader`; the caller calls
// reader.finish() to report them all at once.
SimConfig read_sim_config(core::config::Reader& reader, const CommandLine& command_line);

}  // namespace device_sim
