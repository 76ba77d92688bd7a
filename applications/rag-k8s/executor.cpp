#include "executor.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <csignal>
#include <optional>
#include <stdexcept>
#include <system_error>

#include "crypto.hpp"
#include "state_file.hpp"
#include "utf8_text.hpp"

namespace rag {
namespace {

using Clock = std::chrono::steady_clock;

// One output stream of a card: hashed completely, kept up to the limit.
class Capture {
 public:
  explicit Capture(std::size_t limit) : limit_(limit) {}

  void add(std::string_view bytes) {
    hash_.update(bytes);
    total_ += bytes.size();
    if (kept_.size() < limit_) {
      kept_.append(bytes.substr(0, limit_ - kept_.size()));
    }
  }
  bool truncated() const { return total_ > limit_; }
  std::string text() const { return valid_utf8(cut_at_utf8_boundary(kept_, limit_)); }
  std::string sha256() { return hash_.finish(); }

 private:
  std::size_t limit_;
  std::size_t total_ = 0;
  std::string kept_;
  Sha256 hash_;
};

struct Pipe {
  Fd read;
  Fd write;
};

Pipe make_pipe() {
  std::array<int, 2> fds{};
  if (pipe2(fds.data(), O_CLOEXEC) != 0) {
    throw std::system_error(errno, std::generic_category(), "pipe2");
  }
  return {Fd(fds[0]), Fd(fds[1])};
}

// Starts argv in a new process group; the child's stdout and stderr are the pipes' write ends.
pid_t spawn(const std::filesystem::path& binary, const std::vector<std::string>& argv,
            const ExecutionOptions& options, const Pipe& out, const Pipe& err) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out.write.get(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err.write.get(), STDERR_FILENO);
  posix_spawn_file_actions_addchdir_np(&actions, options.working_directory.c_str());
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  // The server ignores SIGPIPE; the child gets default dispositions and an empty mask.
  sigset_t all;
  sigset_t none;
  sigfillset(&all);
  sigemptyset(&none);
  posix_spawnattr_setsigdefault(&attributes, &all);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawnattr_setflags(&attributes,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  std::vector<char*> args;
  for (const auto& a : argv) {
    args.push_back(const_cast<char*>(a.c_str()));  // NOLINT: posix_spawn's historical signature
  }
  args.push_back(nullptr);
  std::vector<char*> env;
  for (const auto& e : options.environment) {
    env.push_back(const_cast<char*>(e.c_str()));  // NOLINT: as above
  }
  env.push_back(nullptr);
  pid_t pid = 0;
  const int error =
      posix_spawn(&pid, binary.c_str(), &actions, &attributes, args.data(), env.data());
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) {
    throw std::system_error(error, std::generic_category(), "starting " + binary.string());
  }
  return pid;
}

int milliseconds_until(Clock::time_point when) {
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(when - Clock::now()).count();
  return static_cast<int>(std::clamp<std::int64_t>(left, 0, 60'000));
}

struct StepOutcome {
  int code = 0;
  bool timed_out = false;
};

// Runs one step until it exits and its output ends, or until the deadline: then SIGTERM to the
// group, SIGKILL after the grace period. When the first process exits, whatever it left behind in
// its group is killed, so no child outlives its card.
StepOutcome run_step(const std::filesystem::path& binary, const std::vector<std::string>& argv,
                     const ExecutionOptions& options, Clock::time_point deadline, Capture& out,
                     Capture& err) {
  auto out_pipe = make_pipe();
  auto err_pipe = make_pipe();
  const pid_t pid = spawn(binary, argv, options, out_pipe, err_pipe);
  out_pipe.write.reset();
  err_pipe.write.reset();
  // glibc 2.36's <sys/pidfd.h> lacks C linkage for C++, so the system call is made directly.
  Fd process(static_cast<int>(syscall(SYS_pidfd_open, pid, 0)));
  if (!process.open()) {
    killpg(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    throw std::system_error(errno, std::generic_category(), "pidfd_open");
  }
  StepOutcome outcome;
  std::optional<int> status;
  // SIGKILL is due at kill_at while kill_pending.
  auto kill_at = Clock::time_point::max();
  bool kill_pending = false;
  std::array<char, 65536> buffer{};
  while (out_pipe.read.open() || err_pipe.read.open() || !status) {
    const auto now = Clock::now();
    if (!outcome.timed_out && now >= deadline) {
      outcome.timed_out = true;
      killpg(pid, SIGTERM);
      kill_at = now + options.kill_grace;
      kill_pending = true;
    }
    if (kill_pending && now >= kill_at) {
      killpg(pid, SIGKILL);
      kill_pending = false;
      if (status) {
        break;  // output held open by a process outside the group; stop waiting for it
      }
    }
    std::array<pollfd, 3> fds{{{out_pipe.read.get(), POLLIN, 0},
                               {err_pipe.read.get(), POLLIN, 0},
                               {status ? -1 : process.get(), POLLIN, 0}}};
    // After SIGKILL only the process's exit is awaited; poll it in short steps.
    const int wait_ms = kill_pending        ? milliseconds_until(kill_at)
                        : outcome.timed_out ? 50
                                            : milliseconds_until(deadline);
    if (poll(fds.data(), fds.size(), wait_ms) < 0 && errno != EINTR) {
      throw std::system_error(errno, std::generic_category(), "poll");
    }
    for (std::size_t i = 0; i < 2; ++i) {
      if ((fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) {
        continue;
      }
      auto& fd = i == 0 ? out_pipe.read : err_pipe.read;
      const auto n = ::read(fd.get(), buffer.data(), buffer.size());
      if (n > 0) {
        (i == 0 ? out : err).add({buffer.data(), static_cast<std::size_t>(n)});
      } else if (n == 0 || errno != EINTR) {
        fd.reset();
      }
    }
    if (!status && (fds[2].revents & POLLIN) != 0) {
      int raw = 0;
      waitpid(pid, &raw, 0);
      status = raw;
      killpg(pid, SIGKILL);
      if (!kill_pending) {
        kill_at = Clock::now() + options.kill_grace;
        kill_pending = true;
      }
    }
  }
  if (outcome.timed_out) {
    outcome.code = -1;
  } else if (WIFEXITED(*status)) {
    outcome.code = WEXITSTATUS(*status);
  } else if (WIFSIGNALED(*status)) {
    outcome.code = -WTERMSIG(*status);
  }
  return outcome;
}

}  // namespace

ExecutionResult Executor::run(const std::vector<std::vector<std::string>>& steps,
                              std::chrono::milliseconds timeout) {
  for (const auto& step : steps) {
    if (step.empty() || !options_.binaries.contains(step.front())) {
      throw std::runtime_error("binary '" + (step.empty() ? "" : step.front()) +
                               "' is not available on this host");
    }
  }
  slots_.acquire();
  struct Release {
    std::counting_semaphore<4>& slots;
    ~Release() { slots.release(); }
  } release{slots_};
  const auto started = Clock::now();
  const auto deadline = started + timeout;
  Capture out(options_.capture_limit);
  Capture err(options_.capture_limit);
  ExecutionResult result;
  for (const auto& step : steps) {
    const auto outcome =
        run_step(options_.binaries.at(step.front()), step, options_, deadline, out, err);
    result.code = outcome.code;
    result.timed_out = outcome.timed_out;
    if (outcome.code != 0) {
      break;
    }
  }
  result.duration = std::chrono::duration<double>(Clock::now() - started).count();
  result.truncated = out.truncated() || err.truncated();
  result.stdout_text = out.text();
  result.stderr_text = err.text();
  result.stdout_sha256 = out.sha256();
  result.stderr_sha256 = err.sha256();
  return result;
}

}  // namespace rag
