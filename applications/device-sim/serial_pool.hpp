#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "saveeye_device.hpp"

namespace device_sim {

// The SaveEye meters of the load generator. Downstream every reading is a row keyed by (serial,
// timestamp) with whole seconds, so the n-th reading within a wall-clock second comes from the
// n-th meter (<prefix>000001, ...) and carries that second: no pair repeats. Meters are created
// as they are first needed; each one integrates its own power, so its register stays consistent.
class SerialPool {
 public:
  SerialPool(std::string prefix, std::size_t size) : prefix_(std::move(prefix)), size_(size) {}

  struct Reading {
    const SaveEyeMeter* meter;  // nullptr: every meter has read in this second; wait for the next
    const std::string* timestamp;
  };
  // The next reading at wall-clock time `now`: the meter advanced to now, and the local timestamp
  // of the second.
  Reading next(std::chrono::system_clock::time_point now, Random& random);

  std::size_t serials() const { return meters_.size(); }

 private:
  struct Pooled {
    SaveEyeMeter meter;
    std::int64_t last_second = 0;
  };

  std::string prefix_;
  std::size_t size_;
  std::vector<Pooled> meters_;
  std::int64_t second_ = 0;
  std::size_t used_ = 0;  // meters that read in second_
  std::string timestamp_;
};

}  // namespace device_sim
