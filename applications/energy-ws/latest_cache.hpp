#pragma once

#include <array>
#include <optional>

#include "stream.hpp"
#include "stream_record.hpp"

namespace energy_ws {

// The latest known reading of each stream, sent to a client when it subscribes (contract sections
// 3 and 5). "Latest" is by the reading's time, so the tail records of several partitions, read
// in any order at start-up, settle on the newest. Used on the io thread only.
class LatestCache {
 public:
  // Keeps the reading when it is at least as new as the one kept; true when kept.
  bool offer(Stream stream, const Reading& reading);
  const Reading* get(Stream stream) const;

 private:
  std::array<std::optional<Reading>, kStreamCount> latest_;
};

}  // namespace energy_ws
