#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string_view>

#include "core/mqtt/client.hpp"
#include "sim_metrics.hpp"

namespace device_sim {

// Publishes the live devices' readings at QoS 1, one at a time. A reading that cannot be
// published (broker away, no PUBACK within 5 s) is dropped, as a device does: only the first
// failure of a series and the recovery are logged, not every reading in between.
class ReadingPublisher {
 public:
  ReadingPublisher(core::mqtt::Client& client, SimMetrics& metrics)
      : client_(client), metrics_(metrics) {}

  // `device` labels the metrics: saveeye, shelly or thermiq.
  void publish(const char* device, std::string_view topic, const boost::json::object& payload);

 private:
  core::mqtt::Client& client_;
  SimMetrics& metrics_;
  bool failing_ = false;
  std::uint64_t dropped_ = 0;
};

}  // namespace device_sim
