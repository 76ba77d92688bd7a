#pragma once

#include <chrono>

namespace sink {

// Capped exponential backoff: initial, 2 x initial, ... up to max, then max.
class Backoff {
 public:
  Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds max)
      : initial_(initial), max_(max), next_(initial) {}

  std::chrono::milliseconds next();
  void reset() { next_ = initial_; }

 private:
  std::chrono::milliseconds initial_;
  std::chrono::milliseconds max_;
  std::chrono::milliseconds next_;
};

}  // namespace sink
