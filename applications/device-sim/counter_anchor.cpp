#include "counter_anchor.hpp"

#include <algorithm>

namespace device_sim {
namespace {

constexpr double kAnchorUnixSeconds = 1735689600.0;  // 2025-01-01T00:00:00Z

}  // namespace

double anchored_start(double base, double per_hour, double unix_seconds) {
  return base + per_hour * std::max(0.0, unix_seconds - kAnchorUnixSeconds) / 3600.0;
}

}  // namespace device_sim
