#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <map>
#include <semaphore>
#include <string>
#include <vector>

namespace rag {

// The outcome of a card's steps (section 6).
struct ExecutionResult {
  int code = 0;  // of the last step run; -N when killed by signal N; -1 on timeout
  bool timed_out = false;
  bool truncated = false;
  double duration = 0;      // seconds
  std::string stdout_text;  // capped and valid UTF-8
  std::string stderr_text;
  std::string stdout_sha256;  // of the complete raw streams
  std::string stderr_sha256;
};

struct ExecutionOptions {
  std::filesystem::path working_directory;
  std::vector<std::string> environment;  // "NAME=value", the whole environment of the child
  // The absolute path of each binary a card may name, resolved at start-up.
  std::map<std::string, std::filesystem::path, std::less<>> binaries;
  std::chrono::milliseconds kill_grace{5000};  // SIGTERM to SIGKILL
  std::size_t capture_limit = 65536;           // bytes kept per stream
};

// Runs argv vectors without a shell: each step in a new process group with stdin on /dev/null,
// both output streams read concurrently, and the whole group killed when the card's time is up.
// At most four executions run at once; further calls wait.
class Executor {
 public:
  explicit Executor(ExecutionOptions options) : options_(std::move(options)) {}

  // Steps run in order and stop at the first non-zero exit; the timeout covers all of them.
  // Throws std::runtime_error when a binary is not available or the process cannot be started.
  ExecutionResult run(const std::vector<std::vector<std::string>>& steps,
                      std::chrono::milliseconds timeout);

 private:
  ExecutionOptions options_;
  std::counting_semaphore<4> slots_{4};
};

}  // namespace rag
