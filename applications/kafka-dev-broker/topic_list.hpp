#pragma once

#include <string>
#include <vector>

namespace kafka_dev_broker {

struct TopicSpec {
  std::string name;
  int partitions = 0;
};

// Reads the `topics` list of deploy/kafka-topics.yaml (name and partitions of each entry; the
// retention settings are for Redpanda, the in-memory broker has no time-based retention).
// Throws std::runtime_error listing every problem in the file at once.
std::vector<TopicSpec> load_topic_list(const std::string& path);

}  // namespace kafka_dev_broker
