#include "saveeye_device.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "counter_anchor.hpp"

namespace device_sim {
namespace {

struct Appliance {
  std::array<double, 3> watts;  // per phase
  double power_factor;
  double mean_on_seconds;
  double mean_seconds_between_starts;
};

// A household with about 0.8 kW average consumption. Three-phase loads draw on every phase.
constexpr std::array<Appliance, 10> kAppliances{{
    {{90, 0, 0}, 0.80, 20 * 60, 60 * 60},             // fridge compressor
    {{0, 110, 0}, 0.80, 25 * 60, 75 * 60},            // freezer compressor
    {{2000, 0, 0}, 1.00, 3 * 60, 4 * 3600},           // kettle
    {{1100, 0, 0}, 0.95, 3 * 60, 8 * 3600},           // microwave oven
    {{800, 800, 800}, 1.00, 40 * 60, 12 * 3600},      // stove and oven
    {{0, 2000, 0}, 0.95, 25 * 60, 24 * 3600},         // washing machine heating
    {{0, 0, 1800}, 0.97, 30 * 60, 24 * 3600},         // dishwasher heating
    {{0, 0, 150}, 0.90, 3 * 3600, 8 * 3600},          // television and computer
    {{0, 1200, 0}, 1.00, 15 * 60, 24 * 3600},         // tumble dryer
    {{3680, 3680, 3680}, 0.99, 2 * 3600, 72 * 3600},  // electric car, 11 kW
}};

constexpr std::array<double, 3> kBaseWatts{60, 45, 35};  // standby, lights, routers
constexpr double kBasePowerFactor = 0.85;
constexpr double kNominalVoltage = 230.0;
constexpr double kVoltageDropPerKva = 0.3;
constexpr double kProductionWh = 83;  // no solar: the export register stands still

double reactive_share(double power_factor) {
  return std::sqrt(1.0 / (power_factor * power_factor) - 1.0);
}

}  // namespace

SaveEyeMeter::SaveEyeMeter(std::string serial, double start_unix_seconds)
    : serial_(std::move(serial)),
      appliance_seconds_left_(kAppliances.size(), 0.0),
      base_noise_{SlowNoise(8, 600), SlowNoise(6, 600), SlowNoise(5, 600)},
      voltage_noise_{SlowNoise(2, 900), SlowNoise(2, 900), SlowNoise(2, 900)},
      rssi_noise_(3, 300),
      energy_wh_(anchored_start(100'000'000, 1200, start_unix_seconds)),
      reactive_varh_(anchored_start(30'000'000, 300, start_unix_seconds)) {}

void SaveEyeMeter::advance(double dt_seconds, Random& random) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (std::size_t i = 0; i < kAppliances.size(); ++i) {
    auto& left = appliance_seconds_left_[i];
    if (left > 0) {
      left = std::max(0.0, left - dt_seconds);
    } else if (unit(random) <
               chance_within(dt_seconds, kAppliances[i].mean_seconds_between_starts)) {
      left = kAppliances[i].mean_on_seconds * (0.5 + unit(random));
    }
  }
  rssi_noise_.advance(dt_seconds, random);

  double total_power = 0;
  double total_apparent = 0;
  double total_reactive = 0;
  for (std::size_t p = 0; p < phases_.size(); ++p) {
    const double base = std::max(10.0, kBaseWatts[p] + base_noise_[p].advance(dt_seconds, random));
    double power = base;
    double reactive = base * reactive_share(kBasePowerFactor);
    for (std::size_t i = 0; i < kAppliances.size(); ++i) {
      if (appliance_seconds_left_[i] > 0) {
        power += kAppliances[i].watts[p];
        reactive += kAppliances[i].watts[p] * reactive_share(kAppliances[i].power_factor);
      }
    }
    const double apparent = std::hypot(power, reactive);
    const double voltage = kNominalVoltage + voltage_noise_[p].advance(dt_seconds, random) -
                           kVoltageDropPerKva * apparent / 1000.0;
    auto& phase = phases_[p];
    phase.power_w = static_cast<int>(std::lround(power));
    phase.voltage_v = static_cast<int>(std::lround(voltage));
    phase.current_ma = static_cast<int>(std::lround(apparent / voltage * 1000.0));
    total_power += power;
    total_apparent += apparent;
    total_reactive += reactive;
  }
  power_factor_percent_ = static_cast<int>(std::lround(100.0 * total_power / total_apparent));
  reactive_var_ = static_cast<int>(std::lround(total_reactive));
  energy_wh_ += power_w() * dt_seconds / 3600.0;
  reactive_varh_ += reactive_var_ * dt_seconds / 3600.0;
}

int SaveEyeMeter::power_w() const {
  return std::accumulate(phases_.begin(), phases_.end(), 0,
                         [](int sum, const Phase& phase) { return sum + phase.power_w; });
}

boost::json::object SaveEyeMeter::payload(std::string_view local_timestamp,
                                          boost::json::storage_ptr storage) const {
  using boost::json::object;
  const auto floor_int = [](double value) { return static_cast<std::int64_t>(std::floor(value)); };
  const auto phases = [&](int Phase::*member) {
    return object(
        {{"L1", phases_[0].*member}, {"L2", phases_[1].*member}, {"L3", phases_[2].*member}},
        storage);
  };
  const auto total = [&](std::int64_t value) { return object({{"total", value}}, storage); };
  object reading(storage);
  reading["saveeyeDeviceSerialNumber"] = serial_;
  reading["meterType"] = "";
  reading["meterSerialNumber"] = "Not found";
  reading["timestamp"] = local_timestamp;
  reading["wifiRssi"] = static_cast<std::int64_t>(std::lround(-70.0 + rssi_noise_.value()));
  reading["activeActualConsumption"] = object({{"total", power_w()},
                                               {"L1", phases_[0].power_w},
                                               {"L2", phases_[1].power_w},
                                               {"L3", phases_[2].power_w}},
                                              storage);
  reading["activeActualProduction"] =
      object({{"total", 0}, {"L1", 0}, {"L2", 0}, {"L3", 0}}, storage);
  reading["activeTotalConsumption"] = total(floor_int(energy_wh_));
  reading["activeTotalProduction"] = total(static_cast<std::int64_t>(kProductionWh));
  reading["reactiveActualConsumption"] = total(reactive_var_);
  reading["reactiveActualProduction"] = total(0);
  reading["reactiveTotalConsumption"] = total(floor_int(reactive_varh_));
  reading["reactiveTotalProduction"] = total(15'964'771);
  reading["rmsVoltage"] = phases(&Phase::voltage_v);
  reading["rmsCurrent"] = phases(&Phase::current_ma);
  reading["powerFactor"] = total(power_factor_percent_);
  return reading;
}

}  // namespace device_sim
