#include "latest_cache.hpp"

namespace energy_ws {

bool LatestCache::offer(Stream stream, const Reading& reading) {
  auto& kept = latest_.at(stream_index(stream));
  if (kept && kept->time > reading.time) {
    return false;
  }
  kept = reading;
  return true;
}

const Reading* LatestCache::get(Stream stream) const {
  const auto& kept = latest_.at(stream_index(stream));
  return kept ? &*kept : nullptr;
}

}  // namespace energy_ws
