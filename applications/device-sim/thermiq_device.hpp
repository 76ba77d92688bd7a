#pragma once

#include <array>
#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "slow_noise.hpp"
#include "thermiq_command.hpp"

namespace device_sim {

// A ground-source heat pump with a ThermIQ-MQTT module (contracts/mqtt.md section 6).
//
// The plant: the outdoor temperature follows the season and the day; the heating curve (d52..d58)
// turns it into a supply line target (d14). The integral (d25, degree-minutes) sums the supply
// line's deviation from that target; at -60 the compressor starts and heats the supply line until
// the integral is back at 0, then rests at least 20 minutes (d28). Hot water (d7) cools and is
// used now and then; below 42 C the compressor reheats it to 52 C first, while the integral keeps
// falling. Only a long deficit (the utility blocking the compressor through EVU, a long hot water
// run) takes the integral down to the aux heater limit (d73), so the 3 kW and 6 kW heaters (d13)
// run rarely. The component bits (d16) and runtime counters (d104, d106, d108, d114, hours)
// follow the simulated components.
class ThermiqPump {
 public:
  static constexpr std::string_view kTopic = "thermiq_heatpump/data";
  static constexpr int kPeriodicReason = 1;
  static constexpr int kAfterWriteReason = 2;

  // Runtime counters start anchored to the wall clock (counter_anchor.hpp).
  ThermiqPump(std::string client_name, double start_unix_seconds);

  // Moves the plant on by dt simulated seconds, ending at `sim_unix_seconds`.
  void advance(double dt_seconds, double sim_unix_seconds, Random& random);
  // Sets a settable register; `command` comes from parse_write_command and is in range.
  void apply(const WriteCommand& command);

  // Every register of the contract, as the module publishes it.
  boost::json::object payload(std::int64_t unix_seconds, int reason) const;

  std::int64_t setting(int register_number) const;
  bool compressor_on() const { return compressor_; }
  bool hot_water_on() const { return hot_water_mode_; }
  bool flow_pump_on() const;
  bool aux_3kw_on() const { return aux_3kw_; }
  bool aux_6kw_on() const { return aux_6kw_; }
  bool utility_block() const { return utility_block_seconds_ > 0; }
  double integral() const { return integral_; }
  double supply_target() const;
  double supply_temperature() const { return supply_; }
  double outdoor_temperature() const { return outdoor_; }

 private:
  void step(double h, double now, Random& random);
  bool heating_allowed() const;

  std::string client_name_;
  std::array<std::int64_t, 9> settings_{21, 1, 36, 10, 45, 2, 0, -1, 17};  // d50..d58
  SlowNoise weather_noise_{2.0, 6 * 3600};
  SlowNoise indoor_noise_{0.2, 2 * 3600};
  SlowNoise rssi_noise_{2.0, 1800};
  double outdoor_ = 0;
  double ground_ = 3;
  double indoor_ = 21.4;
  double supply_ = 30;
  double return_ = 27;
  double hot_water_ = 48;
  double brine_out_ = 3;
  double brine_in_ = 3;
  double pressure_pipe_ = 30;
  double integral_ = -30;
  bool heat_demand_ = false;
  bool compressor_ = false;
  bool hot_water_mode_ = false;
  bool aux_3kw_ = false;
  bool aux_6kw_ = false;
  double restart_block_seconds_ = 0;
  double utility_block_seconds_ = 0;
  double runtime_compressor_h_;
  double runtime_3kw_h_;
  double runtime_hot_water_h_;
  double runtime_6kw_h_;
};

}  // namespace device_sim
