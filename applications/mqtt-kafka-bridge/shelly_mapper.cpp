#include "shelly_mapper.hpp"

#include <algorithm>
#include <array>

#include "measurement_time.hpp"

namespace bridge {
namespace {

constexpr std::string_view topic_prefix = "shellyhtg3-";
constexpr std::string_view full_status = "NotifyFullStatus";
constexpr std::string_view default_location = "indoor";
constexpr std::array<std::string_view, 3> methods{full_status, "NotifyStatus", "NotifyEvent"};

// Partial notifications leave the rows of absent components null.
constexpr std::array<FieldSource, 11> field_sources{{
    {"temperature_c", "params.temperature:0.tC"},
    {"temperature_f", "params.temperature:0.tF"},
    {"humidity", "params.humidity:0.rh"},
    {"wifi_rssi", "params.wifi.rssi"},
    {"battery_voltage", "params.devicepower:0.battery.V"},
    {"battery_percent", "params.devicepower:0.battery.percent"},
    {"external_power", "params.devicepower:0.external.present", FieldSource::Type::flag},
    {"uptime", "params.sys.uptime"},
    {"ram_free", "params.sys.ram_free"},
    {"wind_speed_ms", "", FieldSource::Type::always_null},
    {"pressure_hpa", "", FieldSource::Type::always_null},
}};

}  // namespace

void ShellyMapper::check_topic(std::string_view topic) const {
  if (!topic.substr(0, topic.find('/')).starts_with(topic_prefix)) {
    throw MappingFailure(DeadLetterReason::unexpected_topic,
                         "topic '" + std::string(topic) + "' is not a " +
                             std::string(topic_prefix) + "<id> device topic");
  }
}

std::string ShellyMapper::device_id(const JsonSource& source) const {
  return source.device_id("src");
}

DeviceReading ShellyMapper::read(const MqttMessage& message, const JsonSource& source,
                                 const std::string& device_id) const {
  const auto method = source.required_string("method");
  if (std::find(methods.begin(), methods.end(), method) == methods.end()) {
    throw MappingFailure(DeadLetterReason::unsupported_method,
                         "method: " + boost::json::serialize(boost::json::string(method)) +
                             " is not NotifyFullStatus, NotifyStatus or NotifyEvent");
  }
  // Only a full status is stored as a temperature row, so only it must carry the temperature.
  if (method == full_status) {
    source.required_number("params.temperature:0.tC");
  }
  const auto location = locations_.find(message.topic);
  DeviceReading reading(source.storage());
  reading.tags = {
      {"device_id", device_id},
      {"mac_address", source.string_or_null("params.sys.mac")},
      {"location", location == locations_.end() ? default_location : location->second},
  };
  reading.fields = source.fields(field_sources);
  if (const auto* ts = source.find("params.ts")) {
    reading.device_time = from_unix_seconds(*ts);
  }
  return reading;
}

}  // namespace bridge
