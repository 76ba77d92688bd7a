#include "service_config.hpp"

#include <boost/asio/ip/address.hpp>
#include <set>
#include <stdexcept>

#include "core/mqtt/broker_address.hpp"

namespace bridge {
namespace {

void check_uri(core::config::Reader& reader, const std::string& uri) {
  if (uri.empty()) {
    return;  // already reported as missing
  }
  try {
    core::mqtt::parse_broker_uri(uri);
  } catch (const std::invalid_argument& e) {
    reader.add_problem(std::string("mqtt.uri: ") + e.what());
  }
}

}  // namespace

std::string default_client_id(const std::string& stream) {
  return "mqtt-redpanda-bridge-" + (stream == "temperature" ? "temperature-indoor" : stream);
}

ServiceConfig read_service_config(core::config::Reader& reader) {
  ServiceConfig config;
  config.mapping = read_bridge_config(reader);
  config.mqtt_uri = reader.string("mqtt.uri");
  check_uri(reader, config.mqtt_uri);
  config.mqtt_username = reader.string("mqtt.username");
  config.mqtt_password = reader.secret("mqtt.password");
  // Packet identifiers are 16 bits, so the broker cannot have more unacknowledged messages.
  config.mqtt_max_in_flight =
      static_cast<std::size_t>(reader.integer("mqtt.max_in_flight", std::int64_t{1000}, 1, 65535));
  std::set<std::string> ids;
  for (const auto& stream : config.mapping.streams) {
    auto id =
        reader.string("streams." + stream.name + ".mqtt_client_id", default_client_id(stream.name));
    if (!id.empty() && !ids.insert(id).second) {
      reader.add_problem("streams." + stream.name + ".mqtt_client_id: '" + id +
                         "' is used by another stream; the broker allows one connection per id");
    }
    config.mqtt_client_ids.push_back(std::move(id));
  }
  config.kafka_bootstrap_servers = reader.string("kafka.bootstrap_servers");
  config.http_address = reader.string("http.address", config.http_address);
  boost::system::error_code invalid_address;
  boost::asio::ip::make_address(config.http_address, invalid_address);
  if (invalid_address) {
    reader.add_problem("http.address: '" + config.http_address + "' is not an IP address");
  }
  config.http_port =
      static_cast<std::uint16_t>(reader.integer("http.port", config.http_port, 0, 65535));
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
  config.shutdown_timeout =
      std::chrono::seconds(reader.integer("shutdown_timeout_seconds", 10, 1, 300));
  return config;
}

}  // namespace bridge
