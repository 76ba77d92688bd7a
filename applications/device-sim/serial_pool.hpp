#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "saveeye_device.hpp"

namespace device_sim {

// The SaveEye meters of the load generator. Downstream every reading is a row keyed by (serial,
// timestamp), and the SaveEye timestamp may carry a fraction (mqtt.md section 3). Reading n comes
// from meter n mod size (<prefix>000001, ...) stamped with the wall clock to the millisecond; a
// reading within its meter's previous millisecond takes the next one, so no pair ever repeats and
// a meter stays on the wall clock up to 1,000 readings per second. Meters are created as they are
// first needed; each one integrates its own power, so its register stays consistent.
class SerialPool {
 public:
  SerialPool(std::string prefix, std::size_t size) : prefix_(std::move(prefix)), size_(size) {}

  struct Reading {
    const SaveEyeMeter* meter;     // valid until the next call
    const std::string* timestamp;  // local time with milliseconds, "YYYY-MM-DDTHH:MM:SS.mmm"
  };
  // The next reading at wall-clock time `now`, its meter advanced to the reading's time.
  Reading next(std::chrono::system_clock::time_point now, Random& random);

  std::size_t serials() const { return meters_.size(); }

 private:
  struct Pooled {
    SaveEyeMeter meter;
    std::int64_t last_ms = 0;
  };

  std::string prefix_;
  std::size_t size_;
  std::vector<Pooled> meters_;
  std::uint64_t readings_ = 0;
  std::int64_t cached_second_ = -1;
  std::string cached_local_second_;
  std::string timestamp_;
};

}  // namespace device_sim
