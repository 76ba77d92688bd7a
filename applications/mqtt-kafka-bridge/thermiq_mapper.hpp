#pragma once

#include "mapper.hpp"

namespace bridge {

// Stream `heatpump`: ThermIQ-MQTT register dumps (mqtt.md section 6) to
// homelab-heatpump-telemetry records (kafka.md section 3.3), with the status bits of d16 and d13
// as booleans.
class ThermiqMapper final : public Mapper {
 private:
  std::string device_id(const JsonSource& source) const override;
  DeviceReading read(const MqttMessage& message, const JsonSource& source,
                     const std::string& device_id) const override;
};

}  // namespace bridge
