#include "serial_pool.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include "local_time.hpp"

namespace device_sim {
namespace {

std::string pooled_serial(const std::string& prefix, std::size_t index) {
  std::array<char, 24> digits{};
  std::snprintf(digits.data(), digits.size(), "%06zu", index + 1);
  return prefix + digits.data();
}

}  // namespace

SerialPool::Reading SerialPool::next(std::chrono::system_clock::time_point now, Random& random) {
  const auto now_ms = std::chrono::floor<std::chrono::milliseconds>(now).time_since_epoch().count();
  const auto index = static_cast<std::size_t>(readings_++ % size_);
  std::int64_t ms = now_ms;
  if (index == meters_.size()) {
    meters_.push_back(
        {SaveEyeMeter(pooled_serial(prefix_, index), static_cast<double>(ms) / 1000.0), ms});
  } else {
    auto& pooled = meters_[index];
    ms = std::max(now_ms, pooled.last_ms + 1);
    pooled.meter.advance(static_cast<double>(ms - pooled.last_ms) / 1000.0, random);
    pooled.last_ms = ms;
  }
  const auto second = ms / 1000;
  if (second != cached_second_) {
    cached_second_ = second;
    cached_local_second_ = local_timestamp(static_cast<std::time_t>(second));
  }
  std::array<char, 8> fraction{};
  std::snprintf(fraction.data(), fraction.size(), ".%03d", static_cast<int>(ms % 1000));
  timestamp_ = cached_local_second_ + fraction.data();
  return {&meters_[index].meter, &timestamp_};
}

}  // namespace device_sim
