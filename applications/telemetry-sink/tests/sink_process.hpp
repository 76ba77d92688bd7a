#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sink_test {

// The real telemetry-sink binary as a child process. Its output goes to a log file. The
// destructor kills it (SIGKILL) if it still runs, so a failing test never leaves it behind.
class SinkProcess {
 public:
  // `env` ("NAME=value") is added to this process's environment, replacing same-named entries.
  SinkProcess(const std::string& binary, const std::vector<std::string>& env,
              const std::string& log_path);
  SinkProcess(const SinkProcess&) = delete;
  SinkProcess& operator=(const SinkProcess&) = delete;
  SinkProcess(SinkProcess&&) = delete;
  SinkProcess& operator=(SinkProcess&&) = delete;
  ~SinkProcess();

  // SIGKILL, then waits for the process.
  void kill();
  // SIGTERM, then waits up to `timeout`; the exit code, or nullopt when it did not exit in time
  // (it is then killed).
  std::optional<int> terminate(std::chrono::milliseconds timeout);
  bool running();

 private:
  std::optional<int> wait_for_exit(std::chrono::milliseconds timeout);

  pid_t pid_ = -1;
  bool exited_ = false;
};

struct HttpResponse {
  unsigned status = 0;
  std::string body;
};

// GET http://127.0.0.1:<port><target>; nullopt when nothing answers within a few seconds.
std::optional<HttpResponse> http_get(std::uint16_t port, const std::string& target);

// A TCP port that was free a moment ago on 127.0.0.1.
std::uint16_t free_port();

// The value of one series of a Prometheus text exposition, e.g.
// `telemetry_sink_paused{family="energy"}`; nullopt when absent.
std::optional<double> metric(const std::string& exposition, const std::string& series);

}  // namespace sink_test
