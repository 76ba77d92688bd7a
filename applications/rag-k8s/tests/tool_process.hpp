#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "sandbox.hpp"

namespace rag::testing {

// rag-k8s running in the background with pipes on stdin and stdout (stderr goes to a file), for
// the servers. Killed and reaped on destruction.
class ToolProcess {
 public:
  ToolProcess(const Sandbox& sandbox, const std::vector<std::string>& args);
  ~ToolProcess();
  ToolProcess(const ToolProcess&) = delete;
  ToolProcess& operator=(const ToolProcess&) = delete;
  ToolProcess(ToolProcess&&) = delete;
  ToolProcess& operator=(ToolProcess&&) = delete;

  void write_line(const std::string& line) const;
  // The next line of stdout, or nullopt after the timeout or at the end of output. The default
  // is generous: on a loaded CI machine the first answer includes starting the process.
  std::optional<std::string> read_line(
      std::chrono::milliseconds timeout = std::chrono::seconds(30));
  // Closes stdin and waits for the exit code.
  int finish();

 private:
  pid_t pid_ = -1;
  int stdin_ = -1;
  int stdout_ = -1;
  std::string buffer_;
};

}  // namespace rag::testing
