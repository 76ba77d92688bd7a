#include "sim_config.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <limits>

#include "core/mqtt/broker_address.hpp"
#include "local_time.hpp"

namespace device_sim {
namespace {

std::chrono::milliseconds seconds_setting(core::config::Reader& reader, std::string_view key,
                                          double fallback, double min) {
  const double seconds = reader.number(key, fallback, min, 86400);
  return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000.0));
}

std::string required_text(core::config::Reader& reader, std::string_view key,
                          const std::string& fallback) {
  auto value = reader.string(key, fallback);
  if (value.empty()) {
    reader.add_problem(std::string(key) + ": must not be empty");
  }
  return value;
}

void read_mqtt(core::config::Reader& reader, SimConfig& config) {
  config.mqtt.uri = reader.string("mqtt.uri", "tcp://127.0.0.1:1883");
  try {
    core::mqtt::parse_broker_uri(config.mqtt.uri);
  } catch (const std::invalid_argument& e) {
    reader.add_problem(std::string("mqtt.uri: ") + e.what());
  }
  config.mqtt.username = reader.string("mqtt.username", "devices");
  config.mqtt.password = reader.secret("mqtt.password");
  config.mqtt.client_id = required_text(reader, "mqtt.client_id", "device-sim");
}

void read_devices(core::config::Reader& reader, SimConfig& config) {
  const auto devices = reader.list("devices", {"saveeye", "shelly", "thermiq"});
  for (const auto& device : devices) {
    if (device != "saveeye" && device != "shelly" && device != "thermiq") {
      reader.add_problem("devices: '" + device + "' is not saveeye, shelly or thermiq");
    }
  }
  const auto wanted = [&](const char* name) {
    return std::find(devices.begin(), devices.end(), name) != devices.end();
  };
  config.saveeye = wanted("saveeye");
  config.shelly = wanted("shelly");
  config.thermiq = wanted("thermiq");

  config.saveeye_serial = required_text(reader, "saveeye.serial", config.saveeye_serial);
  // Whole seconds: the SaveEye timestamp has no fraction, so faster readings would collide.
  config.saveeye_interval = std::chrono::seconds(reader.integer("saveeye.interval", 1, 1, 3600));

  config.shelly_id = reader.string("shelly.id", config.shelly_id);
  std::transform(config.shelly_id.begin(), config.shelly_id.end(), config.shelly_id.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (config.shelly_id.size() != 12 ||
      !std::all_of(config.shelly_id.begin(), config.shelly_id.end(),
                   [](unsigned char c) { return std::isxdigit(c) != 0; })) {
    reader.add_problem("shelly.id: '" + config.shelly_id +
                       "' is not a MAC address of 12 hex digits (e4b32322a0f4)");
  }
  config.shelly_wake_interval = seconds_setting(reader, "shelly.wake_interval", 60, 0.1);
  config.shelly_max_silence = reader.number("shelly.max_silence", 7200, 1, 86400);

  config.thermiq_client_name =
      required_text(reader, "thermiq.client_name", config.thermiq_client_name);
  config.thermiq_interval = seconds_setting(reader, "thermiq.interval", 5, 0.1);
  config.thermiq_write_topic =
      required_text(reader, "thermiq.write_topic", config.thermiq_write_topic);
  config.ignore_commands = reader.boolean("thermiq.ignore_commands", false);
}

void read_load(core::config::Reader& reader, SimConfig& config) {
  config.load_serial_prefix = required_text(reader, "load.serial_prefix", "LOAD");
  config.load_meters = static_cast<std::size_t>(reader.integer("load.meters", 100, 1, 100'000));
  config.load_max_in_flight =
      static_cast<std::size_t>(reader.integer("load.max_in_flight", 1000, 1, 65535));
}

void read_process(core::config::Reader& reader, SimConfig& config) {
  config.time_zone = reader.string("time_zone", config.time_zone);
  if (!time_zone_exists(config.time_zone)) {
    reader.add_problem("time_zone: '" + config.time_zone +
                       "' is not a zone of the system database (for example Europe/Stockholm)");
  }
  config.random_seed = static_cast<std::uint64_t>(
      reader.integer("random_seed", 0, 0, std::numeric_limits<std::int64_t>::max()));
  config.time_scale = reader.number("time_scale", 1, 0.001, 100000);
  config.http_address = reader.string("http.address", config.http_address);
  if (reader.optional_string("http.port")) {
    config.http_port = static_cast<std::uint16_t>(reader.integer("http.port", 0, 1, 65535));
  }
  const auto format = reader.string("log.format", "auto");
  if (!core::log::parse_format(format, config.log_format)) {
    reader.add_problem("log.format: '" + format + "' is not json, text or auto");
  }
  config.log_level = reader.string("log.level", config.log_level);
  if (spdlog::level::from_str(config.log_level) == spdlog::level::off &&
      config.log_level != "off") {
    reader.add_problem("log.level: '" + config.log_level +
                       "' is not trace, debug, info, warn, error, critical or off");
  }
}

}  // namespace

SimConfig read_sim_config(core::config::Reader& reader, const CommandLine& command_line) {
  SimConfig config;
  read_mqtt(reader, config);
  read_devices(reader, config);
  read_load(reader, config);
  read_process(reader, config);

  config.load_rate = command_line.rate.value_or(0);
  config.load_count = command_line.count.value_or(0);
  config.time_scale = command_line.time_scale.value_or(config.time_scale);
  config.load_max_in_flight = command_line.max_in_flight.value_or(config.load_max_in_flight);
  config.ignore_commands = config.ignore_commands || command_line.ignore_commands;
  if (config.load_rate == 0 && !config.saveeye && !config.shelly && !config.thermiq) {
    reader.add_problem("devices: names no device, so there is nothing to simulate");
  }
  return config;
}

}  // namespace device_sim
