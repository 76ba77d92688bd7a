#include "shelly_report_rule.hpp"

#include <cmath>

namespace device_sim {
namespace {

// Readings carry one decimal, so 21.8 - 21.3 may come out a hair below 0.5.
bool moved(double now, double reported, double step) {
  return std::abs(now - reported) >= step - 1e-9;
}

}  // namespace

std::optional<ReportRule::Reason> ReportRule::on_wake(double now, double temperature_c,
                                                      double humidity) {
  std::optional<Reason> reason;
  if (!last_) {
    reason = Reason::first;
  } else if (moved(temperature_c, last_->temperature_c, kTemperatureStep) ||
             moved(humidity, last_->humidity, kHumidityStep)) {
    reason = Reason::changed;
  } else if (now - last_->at >= max_silence_) {
    reason = Reason::overdue;
  }
  if (reason) {
    last_ = Report{now, temperature_c, humidity};
  }
  return reason;
}

}  // namespace device_sim
