#pragma once

#include "core/mqtt/client.hpp"
#include "events.hpp"
#include "sim_config.hpp"
#include "sim_metrics.hpp"

namespace device_sim {

// Runs the configured devices on one thread until a stop request: the SaveEye every
// saveeye_interval, just after the wall-clock second so no two readings share a timestamp; the
// Shelly's wake-ups; the ThermIQ every thermiq_interval and at once after write commands. A
// failed publish is logged and the reading dropped, as a device does while its broker is away.
void run_live(const SimConfig& config, core::mqtt::Client& client, Events& events,
              SimMetrics& metrics);

}  // namespace device_sim
