#include "backoff.hpp"

#include <algorithm>

namespace sink {

std::chrono::milliseconds Backoff::next() {
  const auto delay = std::min(next_, max_);
  next_ = std::min(next_ * 2, max_);
  return delay;
}

}  // namespace sink
