#include "live_mode.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>
#include <random>

#include "local_time.hpp"
#include "reading_publisher.hpp"
#include "saveeye_device.hpp"
#include "shelly_device.hpp"
#include "slow_noise.hpp"
#include "thermiq_device.hpp"

namespace device_sim {
namespace {

using WallClock = std::chrono::system_clock;
using Seconds = std::chrono::duration<double>;

// A reading goes out this long after the second starts, far from both of its boundaries.
constexpr auto kSecondOffset = std::chrono::milliseconds(100);

double unix_seconds(WallClock::time_point t) {
  return Seconds(t.time_since_epoch()).count();
}

// The devices and their schedules.
class Household {
 public:
  Household(const SimConfig& config, WallClock::time_point start)
      : config_(config),
        start_(start),
        random_(config.random_seed != 0 ? config.random_seed : std::random_device{}()),
        next_saveeye_(start),
        next_shelly_(start),
        next_thermiq_(start),
        last_saveeye_(start - config.saveeye_interval),
        last_thermiq_sim_(sim_seconds(start)) {
    if (config.saveeye) {
      saveeye_.emplace(config.saveeye_serial, unix_seconds(start));
    }
    if (config.shelly) {
      const auto period =
          std::chrono::duration_cast<std::chrono::seconds>(config.shelly_wake_interval);
      shelly_.emplace(config.shelly_id, sim_seconds(start),
                      static_cast<int>(std::max<std::int64_t>(1, period.count())),
                      config.shelly_max_silence);
    }
    if (config.thermiq) {
      thermiq_.emplace(config.thermiq_client_name, sim_seconds(start));
    }
  }

  // Publishes what is due at `now` and returns when the next device is due.
  WallClock::time_point tick(WallClock::time_point now, ReadingPublisher& out) {
    if (saveeye_ && now >= next_saveeye_) {
      const auto dt = std::clamp(Seconds(now - last_saveeye_).count(), 0.0, 10.0);
      last_saveeye_ = now;
      saveeye_->advance(dt, random_);
      const auto second = std::chrono::floor<std::chrono::seconds>(now);
      out.publish("saveeye", SaveEyeMeter::kTopic,
                  saveeye_->payload(local_timestamp(WallClock::to_time_t(second))));
      next_saveeye_ = second + config_.saveeye_interval + kSecondOffset;
    }
    if (shelly_ && now >= next_shelly_) {
      if (auto frame = shelly_->wake(sim_seconds(now), unix_seconds(now), random_)) {
        out.publish("shelly", shelly_->topic(), *frame);
      }
      next_shelly_ = std::max(next_shelly_ + config_.shelly_wake_interval, now);
    }
    if (thermiq_ && now >= next_thermiq_) {
      report_thermiq(now, ThermiqPump::kPeriodicReason, out);
    }
    auto next = WallClock::time_point::max();
    for (const auto& [enabled, due] : {std::pair{saveeye_.has_value(), next_saveeye_},
                                       std::pair{shelly_.has_value(), next_shelly_},
                                       std::pair{thermiq_.has_value(), next_thermiq_}}) {
      if (enabled) {
        next = std::min(next, due);
      }
    }
    return next;
  }

  // Applies write commands and reports the new state at once.
  void apply(const std::vector<WriteCommand>& commands, WallClock::time_point now,
             ReadingPublisher& out) {
    if (!thermiq_ || commands.empty()) {
      return;
    }
    for (const auto& command : commands) {
      thermiq_->apply(command);
    }
    report_thermiq(now, ThermiqPump::kAfterWriteReason, out);
  }

 private:
  double sim_seconds(WallClock::time_point t) const {
    return unix_seconds(start_) + config_.time_scale * Seconds(t - start_).count();
  }

  void report_thermiq(WallClock::time_point now, int reason, ReadingPublisher& out) {
    const double sim_now = sim_seconds(now);
    thermiq_->advance(std::max(0.0, sim_now - last_thermiq_sim_), sim_now, random_);
    last_thermiq_sim_ = sim_now;
    out.publish("thermiq", ThermiqPump::kTopic,
                thermiq_->payload(WallClock::to_time_t(now), reason));
    next_thermiq_ = now + config_.thermiq_interval;
  }

  const SimConfig& config_;
  WallClock::time_point start_;
  Random random_;
  std::optional<SaveEyeMeter> saveeye_;
  std::optional<ShellyHt> shelly_;
  std::optional<ThermiqPump> thermiq_;
  WallClock::time_point next_saveeye_;
  WallClock::time_point next_shelly_;
  WallClock::time_point next_thermiq_;
  WallClock::time_point last_saveeye_;
  double last_thermiq_sim_;
};

}  // namespace

void run_live(const SimConfig& config, core::mqtt::Client& client, Events& events,
              SimMetrics& metrics) {
  ReadingPublisher out(client, metrics);
  Household household(config, WallClock::now());
  while (!events.stop_requested()) {
    const auto next = household.tick(WallClock::now(), out);
    // Waiting on the steady clock: a wall-clock step must not stall or rush the loop for long.
    const auto wait =
        std::chrono::duration_cast<std::chrono::steady_clock::duration>(next - WallClock::now());
    const auto commands =
        events.wait(std::chrono::steady_clock::now() +
                    std::clamp(wait, std::chrono::steady_clock::duration::zero(),
                               std::chrono::steady_clock::duration(std::chrono::seconds(60))));
    household.apply(commands, WallClock::now(), out);
  }
}

}  // namespace device_sim
