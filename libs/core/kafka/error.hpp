#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <stdexcept>
#include <string>

namespace core::kafka {

// A failed Kafka operation, with librdkafka's error code. The message names the operation and
// librdkafka's description ("produce to homelab-dlq: Local: Unknown topic").
class Error : public std::runtime_error {
 public:
  Error(const std::string& context, RdKafka::ErrorCode code);
  Error(const std::string& context, const std::string& detail, RdKafka::ErrorCode code);

  RdKafka::ErrorCode code() const { return code_; }

 private:
  RdKafka::ErrorCode code_;
};

}  // namespace core::kafka
