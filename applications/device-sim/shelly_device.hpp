#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "shelly_report_rule.hpp"
#include "slow_noise.hpp"

namespace device_sim {

// A battery-powered Shelly H&T Gen3 indoors (contracts/mqtt.md section 5). It sleeps, wakes at
// every wake() and sends NotifyFullStatus when ReportRule says so. Temperature and humidity
// follow a daily rhythm plus slow drift; the battery drains over a year.
class ShellyHt {
 public:
  // `id` is the 12 lower-case hex digits of the MAC ("e4b32322a0f4"); the topic is
  // shellyhtg3-<id>/events/rpc. `wakeup_period` is reported in sys.wakeup_period.
  ShellyHt(std::string id, double start_unix_seconds, int wakeup_period_seconds,
           double max_silence_seconds = ReportRule::kDeviceMaxSilence);

  // One wake-up at simulated time `sim_unix_seconds` (it drives the indoor climate and the
  // battery); `unix_ts` is the wall clock for params.ts. Returns the frame to publish, if any.
  std::optional<boost::json::object> wake(double sim_unix_seconds, double unix_ts, Random& random);

  const std::string& topic() const { return topic_; }
  double temperature_c() const { return temperature_; }
  double humidity() const { return humidity_; }

 private:
  void advance_climate(double sim_unix_seconds, Random& random);
  boost::json::object frame(double unix_ts, ReportRule::Reason reason, Random& random) const;

  std::string id_;
  std::string src_;
  std::string topic_;
  double start_;
  int wakeup_period_;
  ReportRule rule_;
  SlowNoise temperature_noise_;
  SlowNoise humidity_noise_;
  SlowNoise rssi_noise_;
  double last_sim_;
  double temperature_ = 0;  // rounded to 0.1 as the device reports it
  double humidity_ = 0;
};

}  // namespace device_sim
