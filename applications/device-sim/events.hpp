#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "thermiq_command.hpp"

namespace device_sim {

// What wakes the simulation thread early: a stop request (SIGTERM, SIGINT) or a write command
// that arrived on Paho's thread. Both come from other threads; the simulation thread waits here
// between its scheduled publishes.
class Events {
 public:
  void request_stop();
  bool stop_requested() const;
  void push(const WriteCommand& command);
  // Waits until `deadline`, a stop request or a command, and takes the queued commands.
  std::vector<WriteCommand> wait(std::chrono::steady_clock::time_point deadline);

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  bool stop_ = false;
  std::vector<WriteCommand> commands_;
};

}  // namespace device_sim
