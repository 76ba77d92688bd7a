#include "events.hpp"

#include <utility>

namespace device_sim {

void Events::request_stop() {
  {
    const std::scoped_lock lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
}

bool Events::stop_requested() const {
  const std::scoped_lock lock(mutex_);
  return stop_;
}

void Events::push(const WriteCommand& command) {
  {
    const std::scoped_lock lock(mutex_);
    commands_.push_back(command);
  }
  changed_.notify_all();
}

std::vector<WriteCommand> Events::wait(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  changed_.wait_until(lock, deadline, [&] { return stop_ || !commands_.empty(); });
  return std::exchange(commands_, {});
}

}  // namespace device_sim
