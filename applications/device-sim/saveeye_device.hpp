#pragma once

#include <array>
#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "slow_noise.hpp"

namespace device_sim {

// A SaveEye reader on a three-phase household meter (contracts/mqtt.md section 4): a standby base
// load per phase plus appliances that switch on and off at random (kettle, stove, washing machine,
// an electric car now and then). The cumulative register integrates exactly the power the
// readings report, with the fraction of a Wh carried between readings.
class SaveEyeMeter {
 public:
  static constexpr std::string_view kTopic = "saveeye/telemetry";

  // The register starts anchored to the wall clock (counter_anchor.hpp).
  SaveEyeMeter(std::string serial, double start_unix_seconds);

  // Moves the household on by dt: appliances switch, the load and voltages drift; then the
  // registers add the new power over dt. A reading's power is the one that held during the
  // interval before it, so the register grows by power * dt / 3600 Wh from reading to reading.
  void advance(double dt_seconds, Random& random);

  // The reading as the device publishes it; `local_timestamp` is "YYYY-MM-DDTHH:MM:SS" in the
  // configured zone, without offset.
  boost::json::object payload(std::string_view local_timestamp,
                              boost::json::storage_ptr storage = {}) const;

  int power_w() const;
  double energy_wh() const { return energy_wh_; }

 private:
  struct Phase {
    int power_w = 0;
    int voltage_v = 230;
    int current_ma = 0;
  };

  std::string serial_;
  std::vector<double> appliance_seconds_left_;  // 0: off; indexed like the appliance table
  std::array<SlowNoise, 3> base_noise_;
  std::array<SlowNoise, 3> voltage_noise_;
  SlowNoise rssi_noise_;
  std::array<Phase, 3> phases_{};
  int power_factor_percent_ = 100;
  int reactive_var_ = 0;
  double energy_wh_;
  double reactive_varh_;
};

}  // namespace device_sim
