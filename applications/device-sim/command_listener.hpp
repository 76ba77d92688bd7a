#pragma once

#include "core/mqtt/client.hpp"
#include "events.hpp"
#include "sim_metrics.hpp"

namespace device_sim {

// Receives thermiq_heatpump/write messages on Paho's thread: valid commands go to the
// simulation thread, which applies them and publishes telemetry at once; invalid ones are
// logged and dropped, as the module does. With `ignore` every command is logged and dropped,
// for tests of a device that never confirms.
class CommandListener {
 public:
  CommandListener(Events& events, bool ignore, SimMetrics& metrics)
      : events_(events),
        ignore_(ignore),
        applied_(metrics.commands("applied")),
        invalid_(metrics.commands("invalid")),
        ignored_(metrics.commands("ignored")) {}

  void on_message(const core::mqtt::Message& message);

 private:
  Events& events_;
  bool ignore_;
  prometheus::Counter& applied_;
  prometheus::Counter& invalid_;
  prometheus::Counter& ignored_;
};

}  // namespace device_sim
