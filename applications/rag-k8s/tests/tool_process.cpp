#include "tool_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <stdexcept>

namespace rag::testing {

ToolProcess::ToolProcess(const Sandbox& sandbox, const std::vector<std::string>& args) {
  std::array<int, 2> in{};
  std::array<int, 2> out{};
  if (pipe2(in.data(), O_CLOEXEC) != 0 || pipe2(out.data(), O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe2 failed");
  }
  std::vector<std::string> full = {RAG_K8S_BIN, "--config", sandbox.config().string()};
  full.insert(full.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : full) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  auto env_strings = tool_environment(sandbox);
  std::vector<char*> env;
  for (auto& e : env_strings) {
    env.push_back(e.data());
  }
  env.push_back(nullptr);
  const auto err_path = sandbox.root() / "server.err";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  const int error = posix_spawn(&pid_, RAG_K8S_BIN, &actions, nullptr, argv.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  close(in[0]);
  close(out[1]);
  stdin_ = in[1];
  stdout_ = out[0];
  if (error != 0) {
    throw std::runtime_error("cannot start rag-k8s");
  }
}

ToolProcess::~ToolProcess() {
  if (stdin_ >= 0) {
    close(stdin_);
  }
  if (stdout_ >= 0) {
    close(stdout_);
  }
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

void ToolProcess::write_line(const std::string& line) const {
  const auto text = line + "\n";
  std::size_t done = 0;
  while (done < text.size()) {
    const auto n = ::write(stdin_, text.data() + done, text.size() - done);
    if (n <= 0) {
      throw std::runtime_error("writing to rag-k8s failed");
    }
    done += static_cast<std::size_t>(n);
  }
}

std::optional<std::string> ToolProcess::read_line(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (const auto newline = buffer_.find('\n'); newline != std::string::npos) {
      auto line = buffer_.substr(0, newline);
      buffer_.erase(0, newline + 1);
      return line;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd fd{stdout_, POLLIN, 0};
    if (left.count() <= 0 || poll(&fd, 1, static_cast<int>(left.count())) <= 0) {
      return std::nullopt;
    }
    std::array<char, 4096> chunk{};
    const auto n = ::read(stdout_, chunk.data(), chunk.size());
    if (n <= 0) {
      return std::nullopt;
    }
    buffer_.append(chunk.data(), static_cast<std::size_t>(n));
  }
}

int ToolProcess::finish() {
  close(stdin_);
  stdin_ = -1;
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace rag::testing
