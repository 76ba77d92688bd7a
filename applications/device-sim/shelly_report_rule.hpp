#pragma once

#include <optional>

namespace device_sim {

// When a Shelly H&T Gen3 that just woke up reports (contracts/mqtt.md section 1): on its first
// wake-up, when the temperature moved by 0.5 C or more or the humidity by 5 % or more since the
// last report, and when the last report is `max_silence` old (2 h on the device).
class ReportRule {
 public:
  static constexpr double kTemperatureStep = 0.5;    // C
  static constexpr double kHumidityStep = 5.0;       // % relative humidity
  static constexpr double kDeviceMaxSilence = 7200;  // s

  enum class Reason { first, changed, overdue };

  explicit ReportRule(double max_silence_seconds = kDeviceMaxSilence)
      : max_silence_(max_silence_seconds) {}

  // Decides for a wake-up at `now` (seconds) with these readings. A report becomes the reference
  // that later readings are compared with; a skipped wake-up changes nothing.
  std::optional<Reason> on_wake(double now, double temperature_c, double humidity);

 private:
  struct Report {
    double at;
    double temperature_c;
    double humidity;
  };

  double max_silence_;
  std::optional<Report> last_;
};

}  // namespace device_sim
