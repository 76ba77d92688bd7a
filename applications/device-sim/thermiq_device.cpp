#include "thermiq_device.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "counter_anchor.hpp"

namespace device_sim {
namespace {

constexpr double kDay = 86400;
constexpr double kYear = 365.2425 * kDay;
constexpr double kMaxStep = 10;  // s; longer (accelerated) intervals are split

constexpr double kCompressorStartIntegral = -60;
constexpr std::int64_t kAuxLimit = 600;  // d73, integral limit A1
constexpr double kAux6kwBelowLimit = 300;
constexpr double kRestartBlock = 20 * 60;
constexpr double kHotWaterStart = 42;
constexpr double kHotWaterStop = 52;
constexpr double kHotWaterHeatingPerSecond = 0.25 / 60;
constexpr double kHotWaterLossPerSecond = 0.4 / 3600;
constexpr double kHotWaterTapDrop = 6;
constexpr double kMeanSecondsBetweenTaps = 6 * 3600;
constexpr double kMeanSecondsBetweenUtilityBlocks = 5 * kDay;
constexpr double kUtilityBlock = 3600;

double phase_of(double unix_seconds, double period) {
  return std::fmod(unix_seconds, period) / period;
}

// Moves `value` towards `target`, closing the gap by the fraction a time constant `tau` allows.
void approach(double& value, double target, double h, double tau) {
  value += (target - value) * (1.0 - std::exp(-h / tau));
}

double lerp(double from, double to, double fraction) {
  return from + (to - from) * fraction;
}

std::int64_t rounded(double value) {
  return static_cast<std::int64_t>(std::lround(value));
}

std::int64_t whole_hours(double hours) {
  return static_cast<std::int64_t>(std::floor(hours));
}

}  // namespace

ThermiqPump::ThermiqPump(std::string client_name, double start_unix_seconds)
    : client_name_(std::move(client_name)),
      runtime_compressor_h_(anchored_start(40'000, 0.7, start_unix_seconds)),
      runtime_3kw_h_(anchored_start(400, 0.01, start_unix_seconds)),
      runtime_hot_water_h_(anchored_start(3'000, 0.12, start_unix_seconds)),
      runtime_6kw_h_(anchored_start(450, 0.005, start_unix_seconds)) {}

std::int64_t ThermiqPump::setting(int register_number) const {
  return settings_.at(static_cast<std::size_t>(register_number - kFirstSettableRegister));
}

void ThermiqPump::apply(const WriteCommand& command) {
  settings_.at(static_cast<std::size_t>(command.register_number - kFirstSettableRegister)) =
      command.value;
}

bool ThermiqPump::heating_allowed() const {
  const auto mode = setting(51);
  return (mode == 1 || mode == 3) && outdoor_ < static_cast<double>(setting(58));
}

bool ThermiqPump::flow_pump_on() const {
  return heating_allowed() || compressor_ || aux_3kw_ || aux_6kw_;
}

// The heating curve: the supply line temperature for the outdoor temperature, shifted by the
// indoor target, bent by the offsets at +5, 0 and -5 C and held within curve min..max.
double ThermiqPump::supply_target() const {
  const auto value = [&](int reg) { return static_cast<double>(setting(reg)); };
  const double base = 20.0 + (20.0 - outdoor_) * value(52) / 50.0 + (value(50) - 20.0);
  double offset = value(57);
  if (outdoor_ >= 5) {
    offset = value(55);
  } else if (outdoor_ >= 0) {
    offset = lerp(value(56), value(55), outdoor_ / 5.0);
  } else if (outdoor_ >= -5) {
    offset = lerp(value(57), value(56), (outdoor_ + 5.0) / 5.0);
  }
  const double low = std::min(value(53), value(54));
  const double high = std::max(value(53), value(54));
  return std::clamp(base + offset, low, high);
}

void ThermiqPump::advance(double dt_seconds, double sim_unix_seconds, Random& random) {
  rssi_noise_.advance(dt_seconds, random);
  const double start = sim_unix_seconds - dt_seconds;
  double done = 0;
  while (done < dt_seconds) {
    const double h = std::min(kMaxStep, dt_seconds - done);
    done += h;
    step(h, start + done, random);
  }
}

void ThermiqPump::step(double h, double now, Random& random) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  // Coldest in mid-January, warmest in mid-July; warmest in the afternoon.
  const double winter = std::cos(2 * std::numbers::pi * (phase_of(now, kYear) - 0.04));
  const double afternoon = std::sin(2 * std::numbers::pi * (phase_of(now, kDay) - 0.375));
  outdoor_ = 6.0 - 10.0 * winter + 3.0 * afternoon + weather_noise_.advance(h, random);
  ground_ = 4.0 - 2.0 * winter;
  indoor_ = static_cast<double>(setting(50)) + 0.4 + 0.3 * afternoon +
            indoor_noise_.advance(h, random) + 0.0005 * std::min(0.0, integral_);

  if (utility_block_seconds_ > 0) {
    utility_block_seconds_ = std::max(0.0, utility_block_seconds_ - h);
  } else if (unit(random) < chance_within(h, kMeanSecondsBetweenUtilityBlocks)) {
    utility_block_seconds_ = kUtilityBlock;
  }
  restart_block_seconds_ = std::max(0.0, restart_block_seconds_ - h);
  const bool may_start = restart_block_seconds_ == 0 && utility_block_seconds_ == 0;

  // Hot water has priority over space heating.
  hot_water_ -= kHotWaterLossPerSecond * h;
  if (unit(random) < chance_within(h, kMeanSecondsBetweenTaps)) {
    hot_water_ = std::max(20.0, hot_water_ - kHotWaterTapDrop);
  }
  if (!hot_water_mode_ && hot_water_ < kHotWaterStart && (compressor_ || may_start)) {
    hot_water_mode_ = true;
  } else if (hot_water_mode_ && hot_water_ >= kHotWaterStop) {
    hot_water_mode_ = false;
  }

  const double target = supply_target();
  if (heating_allowed()) {
    integral_ = std::clamp(integral_ + (supply_ - target) * h / 60.0, -32768.0, 32767.0);
    if (!heat_demand_ && integral_ <= kCompressorStartIntegral) {
      heat_demand_ = true;
    } else if (heat_demand_ && integral_ >= 0) {
      heat_demand_ = false;
      integral_ = 0;
    }
    const double limit = -static_cast<double>(kAuxLimit);
    aux_3kw_ = integral_ <= limit || (aux_3kw_ && integral_ <= limit / 2);
    aux_6kw_ = integral_ <= limit - kAux6kwBelowLimit || (aux_6kw_ && integral_ <= limit / 2);
  } else {
    integral_ = 0;
    heat_demand_ = aux_3kw_ = aux_6kw_ = false;
  }

  const bool was_running = compressor_;
  compressor_ = (heat_demand_ || hot_water_mode_) && utility_block_seconds_ == 0 &&
                (was_running || may_start);
  if (was_running && !compressor_) {
    restart_block_seconds_ = kRestartBlock;
  }
  if (hot_water_mode_ && compressor_) {
    hot_water_ += kHotWaterHeatingPerSecond * h;
  }

  // Space heating gets the compressor unless it makes hot water, plus the aux heaters.
  const double heat = (compressor_ && !hot_water_mode_ ? 1.0 : 0.0) + (aux_3kw_ ? 0.4 : 0.0) +
                      (aux_6kw_ ? 0.8 : 0.0);
  if (heat > 0) {
    approach(supply_, target + 6.0 + 4.0 * (heat - 1.0), h, 480.0 / std::max(heat, 0.4));
    approach(return_, supply_ - 5.0, h, 120);
  } else if (flow_pump_on()) {
    approach(supply_, indoor_ + 0.25 * (target - indoor_), h, 900);
    approach(return_, supply_ - 2.0, h, 120);
  } else {
    approach(supply_, indoor_ + 1.0, h, 3600);
    approach(return_, indoor_ + 1.0, h, 3600);
  }
  approach(pressure_pipe_,
           compressor_ ? (hot_water_mode_ ? 90.0 : 75.0 + 0.5 * (supply_ - 35.0)) : indoor_ + 2.0,
           h, compressor_ ? 180 : 900);
  approach(brine_out_, ground_, h, 600);
  approach(brine_in_, compressor_ ? ground_ - 3.0 : ground_, h, 300);

  const double hours = h / 3600.0;
  runtime_compressor_h_ += compressor_ ? hours : 0;
  runtime_hot_water_h_ += compressor_ && hot_water_mode_ ? hours : 0;
  runtime_3kw_h_ += aux_3kw_ ? hours : 0;
  runtime_6kw_h_ += aux_6kw_ ? hours : 0;
}

boost::json::object ThermiqPump::payload(std::int64_t unix_seconds, int reason) const {
  const auto indoor_tenths = rounded(indoor_ * 10.0);
  const std::int64_t aux_bits = (aux_3kw_ ? 1 : 0) | (aux_6kw_ ? 2 : 0);
  // d16: bit0 brine pump, bit1 compressor, bit2 flow line pump, bit3 hot water, bit4 aux 2,
  // bit7 aux 1.
  const std::int64_t status_bits =
      (compressor_ ? 0x01 : 0) | (compressor_ ? 0x02 : 0) | (flow_pump_on() ? 0x04 : 0) |
      (compressor_ && hot_water_mode_ ? 0x08 : 0) | (aux_6kw_ ? 0x10 : 0) | (aux_3kw_ ? 0x80 : 0);
  const std::int64_t current =
      1 + (compressor_ ? 8 : 0) + (aux_3kw_ ? 13 : 0) + (aux_6kw_ ? 26 : 0);

  boost::json::object out;
  out["Client_Name"] = client_name_;
  out["app_info"] = "ThermIQ-MQTT 2.74";
  out["reason"] = reason;
  out["rssi"] = rounded(-60.0 + rssi_noise_.value());
  out["timestamp"] = unix_seconds;
  out["d0"] = rounded(outdoor_);
  out["d1"] = indoor_tenths / 10;
  out["d2"] = indoor_tenths % 10;
  out["d3"] = setting(50);
  out["d4"] = 0;
  out["d5"] = rounded(supply_);
  out["d6"] = rounded(return_);
  out["d7"] = rounded(hot_water_);
  out["d8"] = rounded(brine_out_);
  out["d9"] = rounded(brine_in_);
  out["d10"] = -40;  // no cooling sensor
  out["d11"] = 0;    // no shunt
  out["d12"] = current;
  out["d13"] = aux_bits;
  out["d14"] = rounded(supply_target());
  out["d15"] = 0;
  out["d16"] = status_bits;
  for (const char* unused : {"d17", "d18", "d19", "d20", "d21", "d22"}) {
    out[unused] = 0;
  }
  out["d23"] = rounded(pressure_pipe_);
  out["d24"] = 0;
  out["d25"] = rounded(integral_);
  out["d26"] = 1;
  out["d27"] = 0;
  out["d28"] = static_cast<std::int64_t>(std::ceil(restart_block_seconds_ / 60.0));
  out["d29"] = 13;
  out["d30"] = flow_pump_on() ? 50 : 0;
  out["d31"] = compressor_ ? 45 : 0;
  for (int reg = kFirstSettableRegister; reg <= kLastSettableRegister; ++reg) {
    out["d" + std::to_string(reg)] = setting(reg);
  }
  out["d73"] = kAuxLimit;
  out["d104"] = whole_hours(runtime_compressor_h_);
  out["d105"] = 50210;
  out["d106"] = whole_hours(runtime_3kw_h_);
  out["d107"] = 25050;
  out["d108"] = whole_hours(runtime_hot_water_h_);
  for (const char* unused : {"d109", "d110", "d111", "d112", "d113"}) {
    out[unused] = 0;
  }
  out["d114"] = whole_hours(runtime_6kw_h_);
  out["INDR_T"] = rounded(indoor_);
  out["EVU"] = utility_block() ? 1 : 0;
  return out;
}

}  // namespace device_sim
