#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace energy_ws {

using Clock = std::chrono::system_clock;

// A record of a stream topic as the fan-out keeps it: the Kafka value, shared by every frame built
// from it, and the time it describes.
struct Reading {
  std::shared_ptr<const std::string> value;
  Clock::time_point time;
};

// The time a Kafka value describes: its root `ts` when that is an RFC 3339 string, else the
// record's timestamp. nullopt when the value is not a JSON object (contract section 3: dropped
// and counted).
std::optional<Clock::time_point> reading_time(std::string_view value,
                                              Clock::time_point record_time);

}  // namespace energy_ws
