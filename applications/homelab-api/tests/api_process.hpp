#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace api_test {

// The real homelab-api binary as a child process with its output in a log file. The destructor
// kills it if it still runs, and the kernel kills it should the test process die first.
class ApiProcess {
 public:
  // `env` ("NAME=value") is added to this process's environment, replacing same-named entries;
  // variables named in `unset` are removed.
  ApiProcess(const std::string& binary, const std::vector<std::string>& env,
             const std::vector<std::string>& unset, const std::string& log_path);
  ApiProcess(const ApiProcess&) = delete;
  ApiProcess& operator=(const ApiProcess&) = delete;
  ApiProcess(ApiProcess&&) = delete;
  ApiProcess& operator=(ApiProcess&&) = delete;
  ~ApiProcess();

  // SIGTERM, then the exit code once it exits within `timeout`; nullopt (and SIGKILL) otherwise.
  std::optional<int> terminate(std::chrono::milliseconds timeout);

 private:
  std::optional<int> wait_for_exit(std::chrono::milliseconds timeout);

  pid_t pid_ = -1;
  bool exited_ = false;
};

}  // namespace api_test
