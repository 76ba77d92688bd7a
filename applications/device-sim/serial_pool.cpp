#include "serial_pool.hpp"

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
  const auto second = std::chrono::floor<std::chrono::seconds>(now).time_since_epoch().count();
  if (second != second_) {
    second_ = second;
    used_ = 0;
    timestamp_ = local_timestamp(static_cast<std::time_t>(second));
  }
  if (used_ == size_) {
    return {nullptr, &timestamp_};
  }
  if (used_ == meters_.size()) {
    const auto unix_seconds = std::chrono::duration<double>(now.time_since_epoch()).count();
    meters_.push_back(
        {SaveEyeMeter(pooled_serial(prefix_, meters_.size()), unix_seconds), second - 1});
  }
  auto& pooled = meters_[used_++];
  pooled.meter.advance(static_cast<double>(second - pooled.last_second), random);
  pooled.last_second = second;
  return {&pooled.meter, &timestamp_};
}

}  // namespace device_sim
