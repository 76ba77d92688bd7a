#include "topic_list.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>
#include <stdexcept>

namespace kafka_dev_broker {
namespace {

// Kafka's own rule for topic names.
bool valid_topic_name(const std::string& name) {
  return !name.empty() && name.size() <= 249 && name != "." && name != ".." &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-';
         });
}

std::string describe(const std::string& path, const std::vector<std::string>& problems) {
  std::string text = path + " has " + std::to_string(problems.size()) + " problem(s):";
  for (const auto& p : problems) {
    text += "\n  - " + p;
  }
  return text;
}

}  // namespace

std::vector<TopicSpec> load_topic_list(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw std::runtime_error(path + ": cannot read the topic list");
  } catch (const YAML::Exception& e) {
    throw std::runtime_error(path + ": " + e.what());
  }
  const auto list = root.IsMap() ? root["topics"] : YAML::Node();
  if (!list || !list.IsSequence() || list.size() == 0) {
    throw std::runtime_error(path + ": expected a non-empty `topics` list");
  }
  std::vector<TopicSpec> topics;
  std::vector<std::string> problems;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto entry = list[i];
    const auto where = "topics[" + std::to_string(i) + "]";
    if (!entry.IsMap()) {
      problems.push_back(where + ": expected a map with name and partitions");
      continue;
    }
    TopicSpec spec;
    if (entry["name"] && entry["name"].IsScalar()) {
      spec.name = entry["name"].Scalar();
    }
    if (!valid_topic_name(spec.name)) {
      problems.push_back(where + ".name: '" + spec.name +
                         "' is not a Kafka topic name (1..249 of a-z A-Z 0-9 . _ -)");
    } else if (!seen.insert(spec.name).second) {
      problems.push_back(where + ".name: '" + spec.name + "' is declared twice");
    }
    try {
      spec.partitions = entry["partitions"].as<int>();
    } catch (const YAML::Exception&) {
      spec.partitions = 0;
    }
    if (spec.partitions < 1 || spec.partitions > 1000) {
      problems.push_back(where + ".partitions: expected an integer from 1 to 1000");
    }
    topics.push_back(std::move(spec));
  }
  if (!problems.empty()) {
    throw std::runtime_error(describe(path, problems));
  }
  return topics;
}

}  // namespace kafka_dev_broker
