#include "shelly_device.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numbers>

namespace device_sim {
namespace {

constexpr double kDay = 86400;
constexpr double kBatteryLife = 365 * kDay;  // four AA cells
// Fresh cells went in on 2025-09-01; they are replaced every kBatteryLife.
constexpr double kBatteryInstalled = 1756684800;

double tenths(double value) {
  return std::round(value * 10.0) / 10.0;
}

// 0 at midnight UTC, 1 a day later.
double day_phase(double unix_seconds) {
  return std::fmod(unix_seconds, kDay) / kDay;
}

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

}  // namespace

ShellyHt::ShellyHt(std::string id, double start_unix_seconds, int wakeup_period_seconds,
                   double max_silence_seconds)
    : id_(std::move(id)),
      src_("shellyhtg3-" + id_),
      topic_(src_ + "/events/rpc"),
      start_(start_unix_seconds),
      wakeup_period_(wakeup_period_seconds),
      rule_(max_silence_seconds),
      temperature_noise_(0.4, 3 * 3600),
      humidity_noise_(3.0, 4 * 3600),
      rssi_noise_(2.0, 1800),
      last_sim_(start_unix_seconds) {}

void ShellyHt::advance_climate(double sim_unix_seconds, Random& random) {
  const double dt = std::max(0.0, sim_unix_seconds - last_sim_);
  last_sim_ = sim_unix_seconds;
  // Warmest in the afternoon (about 15:00 UTC), driest then too.
  const double daily = std::sin(2 * std::numbers::pi * (day_phase(sim_unix_seconds) - 0.375));
  temperature_ = tenths(21.5 + 0.7 * daily + temperature_noise_.advance(dt, random));
  humidity_ =
      tenths(std::clamp(42.0 - 4.0 * daily + humidity_noise_.advance(dt, random), 20.0, 80.0));
  rssi_noise_.advance(dt, random);
}

std::optional<boost::json::object> ShellyHt::wake(double sim_unix_seconds, double unix_ts,
                                                  Random& random) {
  advance_climate(sim_unix_seconds, random);
  const auto reason = rule_.on_wake(sim_unix_seconds, temperature_, humidity_);
  if (!reason) {
    return std::nullopt;
  }
  return frame(unix_ts, *reason, random);
}

boost::json::object ShellyHt::frame(double unix_ts, ReportRule::Reason reason,
                                    Random& random) const {
  using boost::json::object;
  const double elapsed = last_sim_ - start_;
  const double battery_left =
      1.0 - std::fmod(std::max(0.0, last_sim_ - kBatteryInstalled), kBatteryLife) / kBatteryLife;
  const auto percent = static_cast<std::int64_t>(std::lround(100.0 * battery_left));
  std::uniform_int_distribution<std::int64_t> ram_jitter(-3000, 3000);

  object params;
  params["ts"] = std::round(unix_ts * 100.0) / 100.0;
  params["cloud"] = object({{"connected", false}});
  params["devicepower:0"] =
      object({{"id", 0},
              {"battery", object({{"V", std::round((4.4 + 1.6 * battery_left) * 100.0) / 100.0},
                                  {"percent", percent}})},
              {"external", object({{"present", false}})}});
  params["humidity:0"] = object({{"id", 0}, {"rh", humidity_}});
  params["mqtt"] = object({{"connected", true}});
  params["sys"] = object(
      {{"mac", upper(id_)},
       {"restart_required", false},
       {"uptime", static_cast<std::int64_t>(30 + elapsed)},
       {"ram_size", 255800},
       {"ram_free", 165000 + ram_jitter(random)},
       {"fs_size", 1048576},
       {"fs_free", 755000},
       {"cfg_rev", 11},
       {"kvs_rev", 0},
       {"webhook_rev", 0},
       {"wakeup_reason",
        object({{"boot", reason == ReportRule::Reason::first ? "poweron" : "deepsleep_wake"},
                {"cause", reason == ReportRule::Reason::overdue ? "periodic" : "status_update"}})},
       {"wakeup_period", wakeup_period_},
       {"reset_reason", 8}});
  params["temperature:0"] =
      object({{"id", 0}, {"tC", temperature_}, {"tF", tenths(temperature_ * 9.0 / 5.0 + 32.0)}});
  params["wifi"] =
      object({{"sta_ip", "192.168.50.63"},
              {"status", "got ip"},
              {"ssid", "homelab"},
              {"rssi", static_cast<std::int64_t>(std::lround(-55.0 + rssi_noise_.value()))}});
  params["ws"] = object({{"connected", false}});
  return object({{"src", src_},
                 {"dst", src_ + "/events"},
                 {"method", "NotifyFullStatus"},
                 {"params", std::move(params)}});
}

}  // namespace device_sim
