#pragma once

#include <functional>
#include <map>
#include <string>

#include "mapper.hpp"

namespace bridge {

// Stream `temperature`: Shelly H&T Gen3 JSON-RPC notifications (mqtt.md section 5) to
// homelab-temperature-indoor records (kafka.md section 3.2). All three notification methods are
// forwarded; only topics whose first level starts with "shellyhtg3-" are accepted.
class ShellyMapper final : public Mapper {
 public:
  using Locations = std::map<std::string, std::string, std::less<>>;

  // `locations` sets tags.location per MQTT topic; other topics are "indoor".
  explicit ShellyMapper(Locations locations = {}) : locations_(std::move(locations)) {}

 private:
  void check_topic(std::string_view topic) const override;
  std::string device_id(const JsonSource& source) const override;
  DeviceReading read(const MqttMessage& message, const JsonSource& source,
                     const std::string& device_id) const override;

  Locations locations_;
};

}  // namespace bridge
