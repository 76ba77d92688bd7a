#include "startup_records.hpp"

namespace energy_ws {

bool StartupRecords::live(const std::string& topic, std::int32_t partition, std::int64_t offset) {
  const auto found = ends_.find({topic, partition});
  if (found == ends_.end()) {
    return true;
  }
  const bool live = offset >= found->second;
  ends_.erase(found);
  return live;
}

}  // namespace energy_ws
