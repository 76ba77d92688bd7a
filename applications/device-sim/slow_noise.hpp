#pragma once

#include <random>

namespace device_sim {

using Random = std::mt19937_64;

// Mean-reverting noise (an Ornstein-Uhlenbeck process): it wanders around 0 with standard
// deviation `sigma` and forgets its past over about `tau_seconds`. Weather, indoor climate and
// Wi-Fi signal drift like this rather than jumping between samples. Any step length gives the
// same statistics, so a step of 1 s or of an accelerated hour is equally valid.
class SlowNoise {
 public:
  SlowNoise(double sigma, double tau_seconds) : sigma_(sigma), tau_(tau_seconds) {}

  double advance(double dt_seconds, Random& random);
  double value() const { return value_; }

 private:
  double sigma_;
  double tau_;
  double value_ = 0.0;
};

// Probability that an event with the given mean interval happens within dt (Poisson arrivals).
double chance_within(double dt_seconds, double mean_interval_seconds);

}  // namespace device_sim
