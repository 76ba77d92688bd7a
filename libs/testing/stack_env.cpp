#include "testing/stack_env.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <stdexcept>

namespace testing_support {

std::string stack_env(const char* name) {
  const char* value = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): tests read at start
  if (value == nullptr || *value == '\0') {
    throw std::runtime_error(std::string(name) +
                             " is not set: run integration tests through `make test`, which "
                             "starts the local stack and exports its addresses");
  }
  return value;
}

std::string unique_suffix() {
  static std::atomic<int> counter{0};
  const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
  return std::to_string(getpid()) + "_" + std::to_string(now % 1000000) + "_" +
         std::to_string(counter++);
}

}  // namespace testing_support
