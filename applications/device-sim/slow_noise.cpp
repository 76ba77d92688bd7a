#include "slow_noise.hpp"

#include <cmath>

namespace device_sim {

double SlowNoise::advance(double dt_seconds, Random& random) {
  const double keep = std::exp(-dt_seconds / tau_);
  std::normal_distribution<double> normal(0.0, 1.0);
  value_ = value_ * keep + sigma_ * std::sqrt(1.0 - keep * keep) * normal(random);
  return value_;
}

double chance_within(double dt_seconds, double mean_interval_seconds) {
  return 1.0 - std::exp(-dt_seconds / mean_interval_seconds);
}

}  // namespace device_sim
