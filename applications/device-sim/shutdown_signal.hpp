#pragma once

#include <atomic>
#include <functional>
#include <thread>

namespace device_sim {

// Turns SIGTERM and SIGINT into a call of `on_signal` on a watcher thread. The constructor blocks
// them (and SIGPIPE, and SIGUSR1, which the destructor uses to wake the watcher) in the calling
// thread, so it must run in main() before any other thread starts: threads inherit the mask, and
// only the watcher's sigwait() sees the signals.
class ShutdownSignal {
 public:
  explicit ShutdownSignal(std::function<void(int)> on_signal);
  ShutdownSignal(const ShutdownSignal&) = delete;
  ShutdownSignal& operator=(const ShutdownSignal&) = delete;
  ShutdownSignal(ShutdownSignal&&) = delete;
  ShutdownSignal& operator=(ShutdownSignal&&) = delete;
  // Stops the watcher without calling `on_signal`.
  ~ShutdownSignal();

 private:
  std::function<void(int)> on_signal_;
  std::atomic<bool> closing_{false};
  std::thread watcher_;
};

}  // namespace device_sim
