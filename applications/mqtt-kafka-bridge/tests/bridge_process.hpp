#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "child_process.hpp"

namespace bridge::test {

// The built mqtt-kafka-bridge binary (BRIDGE_BIN) as a ChildProcess. Started with HTTP_PORT=0,
// it listens on a free port and names it in its log.
class BridgeProcess : public ChildProcess {
 public:
  BridgeProcess(std::vector<std::string> environment, std::filesystem::path log_file)
      : ChildProcess({BRIDGE_BIN}, std::move(environment), std::move(log_file)) {}

  // The HTTP port once the bridge logged it, or 0 after the timeout.
  std::uint16_t wait_port(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // True once GET /readyz answered 200 within the timeout.
  bool wait_ready(std::chrono::milliseconds timeout = std::chrono::seconds(15));
  // Status and body of a GET, nullopt when the bridge does not answer.
  std::optional<std::pair<int, std::string>> get(const std::string& target);
  // The value of one metric sample ("name{labels}"), or nullopt when it is not exposed.
  std::optional<double> metric(const std::string& sample);

 private:
  std::uint16_t port_ = 0;
};

}  // namespace bridge::test
