#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/registry.h>

#include <string>

namespace device_sim {

// device-sim's Prometheus metrics, on /metrics when http.port is set:
//   device_sim_messages_published_total{device}  acknowledged by the broker (saveeye, shelly,
//                                                thermiq, load)
//   device_sim_publish_failures_total{device}    readings dropped because publishing failed
//   device_sim_commands_total{outcome}           ThermIQ write commands: applied, invalid, ignored
class SimMetrics {
 public:
  explicit SimMetrics(prometheus::Registry& registry);

  prometheus::Counter& published(const std::string& device) {
    return published_.Add({{"device", device}});
  }
  prometheus::Counter& failed(const std::string& device) {
    return failures_.Add({{"device", device}});
  }
  prometheus::Counter& commands(const std::string& outcome) {
    return commands_.Add({{"outcome", outcome}});
  }

 private:
  prometheus::Family<prometheus::Counter>& published_;
  prometheus::Family<prometheus::Counter>& failures_;
  prometheus::Family<prometheus::Counter>& commands_;
};

}  // namespace device_sim
