#include "saveeye_mapper.hpp"

#include <array>

#include "measurement_time.hpp"

namespace bridge {
namespace {

constexpr std::array<FieldSource, 15> field_sources{{
    {"wifi_rssi", "wifiRssi"},
    {"active_power_total", "activeActualConsumption.total", FieldSource::Type::number, true},
    {"active_power_l1", "activeActualConsumption.L1"},
    {"active_power_l2", "activeActualConsumption.L2"},
    {"active_power_l3", "activeActualConsumption.L3"},
    {"active_production_total", "activeActualProduction.total"},
    {"active_energy_total", "activeTotalConsumption.total", FieldSource::Type::number, true},
    {"active_energy_production", "activeTotalProduction.total"},
    {"voltage_l1", "rmsVoltage.L1"},
    {"voltage_l2", "rmsVoltage.L2"},
    {"voltage_l3", "rmsVoltage.L3"},
    {"current_l1", "rmsCurrent.L1"},
    {"current_l2", "rmsCurrent.L2"},
    {"current_l3", "rmsCurrent.L3"},
    {"power_factor", "powerFactor.total"},
}};

}  // namespace

std::string SaveEyeMapper::device_id(const JsonSource& source) const {
  return source.device_id("saveeyeDeviceSerialNumber");
}

DeviceReading SaveEyeMapper::read(const MqttMessage& message, const JsonSource& source,
                                  const std::string& device_id) const {
  DeviceReading reading(source.storage());
  reading.tags = {{"device_serial", device_id}, {"meter_type", source.string_or("meterType", "")}};
  reading.fields = source.fields(field_sources);
  // The device clock only chooses `ts`; an unusable one falls back to the receive time.
  if (const auto* timestamp = source.find("timestamp");
      timestamp != nullptr && timestamp->is_string()) {
    reading.device_time = from_local_date_time(timestamp->get_string(), *zone_, message.received);
  }
  return reading;
}

}  // namespace bridge
