#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>

namespace energy_ws {

// (topic, partition) -> offset.
using PartitionOffsets = std::map<std::pair<std::string, std::int32_t>, std::int64_t>;

// Tells the records a partition already held when the consumer started from new ones (contract
// section 3). The consumer starts at the last record of each partition: that record only seeds
// the latest reading, and sending it to clients as news would show a stale reading, possibly
// after a newer one of another partition. Built from each partition's end offset taken before
// the assignment; a partition is forgotten once its first record was seen, since everything
// after it is new.
class StartupRecords {
 public:
  explicit StartupRecords(PartitionOffsets end_offsets) : ends_(std::move(end_offsets)) {}

  // False for the first record read from a partition when it lies below the partition's end
  // offset at start; true otherwise.
  bool live(const std::string& topic, std::int32_t partition, std::int64_t offset);

 private:
  PartitionOffsets ends_;
};

}  // namespace energy_ws
