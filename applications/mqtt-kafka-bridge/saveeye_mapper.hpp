#pragma once

#include <memory>

#include "mapper.hpp"
#include "time_zone.hpp"

namespace bridge {

// Stream `energy`: SaveEye meter readings (mqtt.md section 4) to homelab-energy-realtime records
// (kafka.md section 3.1). The reader's clock is local time in `zone`.
class SaveEyeMapper final : public Mapper {
 public:
  explicit SaveEyeMapper(std::shared_ptr<const TimeZone> zone) : zone_(std::move(zone)) {}

 private:
  std::string device_id(const JsonSource& source) const override;
  DeviceReading read(const MqttMessage& message, const JsonSource& source,
                     const std::string& device_id) const override;

  std::shared_ptr<const TimeZone> zone_;
};

}  // namespace bridge
