#include "load_mode.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cmath>
#include <random>

#include "serial_pool.hpp"

namespace device_sim {
namespace {

using WallClock = std::chrono::system_clock;
using Steady = std::chrono::steady_clock;
using Seconds = std::chrono::duration<double>;

constexpr auto kFlushTimeout = std::chrono::seconds(30);
// Bursts at least this far apart: one wake-up and a few large writes per burst instead of a
// wake-up and a system call for every message.
constexpr auto kMinBurstGap = std::chrono::milliseconds(2);

}  // namespace

std::string LoadSummary::line() const {
  boost::json::object out;
  out["summary"] = "device-sim-load";
  out["published"] = published;
  out["acknowledged"] = acknowledged;
  // Integers only: Boost.JSON writes every double in exponent form, awkward for shell scripts.
  out["milliseconds"] = std::llround(seconds * 1000.0);
  out["rate"] = std::llround(rate());
  out["target_rate"] = std::llround(target_rate);
  out["serials"] = serials;
  out["reconnects"] = reconnects;
  return boost::json::serialize(out);
}

LoadSummary run_load(const SimConfig& config, core::mqtt::AsyncPublisher& publisher,
                     Events& events) {
  const double rate = config.load_rate;
  SerialPool pool(config.load_serial_prefix, config.load_meters);
  Random random(config.random_seed != 0 ? config.random_seed : std::random_device{}());
  std::array<unsigned char, 4096> json_buffer{};

  LoadSummary summary;
  summary.target_rate = rate;
  const auto start = Steady::now();
  while (!events.stop_requested() &&
         (config.load_count == 0 || summary.published < config.load_count)) {
    // Messages due by now on the schedule start + n / rate; a stall is caught up in a burst.
    const auto due = static_cast<std::uint64_t>(Seconds(Steady::now() - start).count() * rate) + 1;
    if (due <= summary.published) {
      const auto next = start + std::chrono::duration_cast<Steady::duration>(
                                    Seconds(static_cast<double>(summary.published) / rate));
      events.wait(std::max<Steady::time_point>(next, Steady::now() + kMinBurstGap));
      continue;
    }
    auto burst = due - summary.published;
    if (config.load_count != 0) {
      burst = std::min(burst, config.load_count - summary.published);
    }
    for (; burst > 0; --burst) {
      const auto now = WallClock::now();
      const auto reading = pool.next(now, random);
      boost::json::monotonic_resource storage(json_buffer.data(), json_buffer.size());
      publisher.publish(SaveEyeMeter::kTopic, boost::json::serialize(reading.meter->payload(
                                                  *reading.timestamp, &storage)));
      ++summary.published;
    }
  }
  if (!publisher.flush(kFlushTimeout)) {
    spdlog::error("load: {} message(s) still without PUBACK after {} s", publisher.in_flight(),
                  kFlushTimeout.count());
  }
  const auto stats = publisher.stats();
  summary.acknowledged = stats.acknowledged;
  summary.reconnects = stats.reconnects;
  summary.serials = pool.serials();
  summary.seconds = Seconds(Steady::now() - start).count();
  return summary;
}

}  // namespace device_sim
