#pragma once

#include <cstdint>
#include <string>

#include "core/mqtt/async_publisher.hpp"
#include "events.hpp"
#include "sim_config.hpp"

namespace device_sim {

struct LoadSummary {
  std::uint64_t published = 0;
  std::uint64_t acknowledged = 0;
  std::uint64_t reconnects = 0;
  std::size_t serials = 0;  // distinct SaveEye serials used
  double seconds = 0;       // from the first publish until the last PUBACK
  double target_rate = 0;

  double rate() const { return seconds > 0 ? static_cast<double>(acknowledged) / seconds : 0; }
  // One JSON object on one line, for benchmarks: {"summary":"device-sim-load","published":...,
  // "acknowledged":...,"milliseconds":...,"rate":...,"target_rate":...,"serials":...,
  // "reconnects":...}; rate is acknowledged messages per second.
  std::string line() const;
};

// The load generator: SaveEye readings on saveeye/telemetry at `load_rate` messages per second in
// total, shared by `load_meters` meters (SerialPool) so that every message becomes its own row
// downstream, until
// `load_count` messages or a stop request; then it waits for every PUBACK.
LoadSummary run_load(const SimConfig& config, core::mqtt::AsyncPublisher& publisher,
                     Events& events);

}  // namespace device_sim
