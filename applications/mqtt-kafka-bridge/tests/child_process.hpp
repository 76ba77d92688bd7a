#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace bridge::test {

// A program started by a test, with exactly the given environment (NAME=value) and its output in
// its own log file. Killed with SIGKILL on destruction if it still runs, so a failing test never
// leaves it behind.
class ChildProcess {
 public:
  ChildProcess(std::vector<std::string> argv, std::vector<std::string> environment,
               std::filesystem::path log_file);
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ChildProcess(ChildProcess&&) = delete;
  ChildProcess& operator=(ChildProcess&&) = delete;
  ~ChildProcess();

  void signal(int signal_number) const;
  // Exit code (128 + signal when killed), or nullopt when it still runs after the timeout.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);
  std::string log() const;

 private:
  std::filesystem::path log_file_;
  pid_t pid_ = -1;
};

}  // namespace bridge::test
