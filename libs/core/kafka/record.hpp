#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace core::kafka {

// Kafka allows null header values; the platform never sends one, so they arrive as "".
struct Header {
  std::string key;
  std::string value;

  bool operator==(const Header&) const = default;
};

using Headers = std::vector<Header>;

// A record read by a Consumer.
struct Message {
  std::string topic;
  std::int32_t partition = 0;
  std::int64_t offset = 0;
  std::optional<std::string> key;  // nullopt for a null key
  std::string value;
  Headers headers;
  std::chrono::system_clock::time_point timestamp;  // producer create time (or broker log time)

  // First header with this key, or nullptr.
  const std::string* header(const std::string& name) const;
};

// The outcome of one produced record: where it was written, or why it was not.
struct Delivery {
  std::string topic;
  std::int32_t partition = -1;
  std::int64_t offset = -1;
  RdKafka::ErrorCode error = RdKafka::ERR_NO_ERROR;
  std::string error_message;

  bool ok() const { return error == RdKafka::ERR_NO_ERROR; }
};

}  // namespace core::kafka
