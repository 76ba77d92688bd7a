#include "api_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string_view>
#include <thread>

extern char** environ;  // NOLINT(readability-redundant-declaration): passed on to the child

namespace api_test {
namespace {

std::vector<std::string> child_environment(const std::vector<std::string>& env,
                                           const std::vector<std::string>& unset) {
  std::vector<std::string> out = env;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string_view entry(*e);
    const auto name = entry.substr(0, entry.find('='));
    const bool replaced =
        std::ranges::any_of(
            env, [&](const auto& extra) { return extra.starts_with(std::string(name) + "="); }) ||
        std::ranges::find(unset, name) != unset.end();
    if (!replaced) {
      out.emplace_back(entry);
    }
  }
  return out;
}

}  // namespace

ApiProcess::ApiProcess(const std::string& binary, const std::vector<std::string>& env,
                       const std::vector<std::string>& unset, const std::string& log_path) {
  auto env_strings = child_environment(env, unset);
  std::string program = binary;
  std::vector<char*> argv = {program.data(), nullptr};
  std::vector<char*> envp;
  for (auto& e : env_strings) {
    envp.push_back(e.data());
  }
  envp.push_back(nullptr);
  const int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (log < 0) {
    throw std::runtime_error("cannot open " + log_path + ": " + std::strerror(errno));
  }
  pid_ = ::fork();
  if (pid_ == 0) {
    // Only async-signal-safe calls between fork and exec.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    ::dup2(log, STDOUT_FILENO);
    ::dup2(log, STDERR_FILENO);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(log);
  if (pid_ < 0) {
    throw std::runtime_error("cannot start " + binary + ": " + std::strerror(errno));
  }
}

ApiProcess::~ApiProcess() {
  if (!exited_) {
    ::kill(pid_, SIGKILL);
    wait_for_exit(std::chrono::seconds(30));
  }
}

std::optional<int> ApiProcess::terminate(std::chrono::milliseconds timeout) {
  if (exited_) {
    return std::nullopt;
  }
  ::kill(pid_, SIGTERM);
  auto code = wait_for_exit(timeout);
  if (!code) {
    ::kill(pid_, SIGKILL);
    wait_for_exit(std::chrono::seconds(30));
  }
  return code;
}

std::optional<int> ApiProcess::wait_for_exit(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    const pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      exited_ = true;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    if (done < 0 && errno != EINTR) {
      exited_ = true;
      return -1;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace api_test
