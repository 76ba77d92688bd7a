#include "sink_process.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <csignal>
#include <sstream>
#include <string_view>
#include <system_error>
#include <thread>

extern char** environ;  // NOLINT(readability-redundant-declaration): passed on to the child

namespace sink_test {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using asio::ip::tcp;

std::vector<std::string> child_environment(const std::vector<std::string>& env) {
  std::vector<std::string> out = env;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string_view entry(*e);
    const auto name = entry.substr(0, entry.find('=') + 1);
    bool replaced = false;
    for (const auto& extra : env) {
      replaced = replaced || extra.starts_with(name);
    }
    if (!replaced) {
      out.emplace_back(entry);
    }
  }
  return out;
}

}  // namespace

SinkProcess::SinkProcess(const std::string& binary, const std::vector<std::string>& env,
                         const std::string& log_path) {
  auto env_strings = child_environment(env);
  std::string program = binary;
  std::vector<char*> argv = {program.data(), nullptr};
  std::vector<char*> envp;
  envp.reserve(env_strings.size() + 1);
  for (auto& e : env_strings) {
    envp.push_back(e.data());
  }
  envp.push_back(nullptr);
  const int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0) {
    throw std::system_error(errno, std::generic_category(), "cannot open " + log_path);
  }
  pid_ = ::fork();
  if (pid_ == 0) {
    // Only async-signal-safe calls between fork and exec. The kernel kills the sink should the
    // test process die without its destructors (a crash, a ctest timeout).
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    ::dup2(log, STDOUT_FILENO);
    ::dup2(log, STDERR_FILENO);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(log);
  if (pid_ < 0) {
    throw std::system_error(errno, std::generic_category(), "cannot start " + binary);
  }
}

SinkProcess::~SinkProcess() {
  kill();
}

void SinkProcess::kill() {
  if (!exited_) {
    ::kill(pid_, SIGKILL);
    wait_for_exit(std::chrono::seconds(30));
  }
}

std::optional<int> SinkProcess::terminate(std::chrono::milliseconds timeout) {
  if (exited_) {
    return std::nullopt;
  }
  ::kill(pid_, SIGTERM);
  if (auto code = wait_for_exit(timeout)) {
    return code;
  }
  kill();
  return std::nullopt;
}

bool SinkProcess::running() {
  return !exited_ && !wait_for_exit(std::chrono::milliseconds(0));
}

std::optional<int> SinkProcess::wait_for_exit(std::chrono::milliseconds timeout) {
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

std::optional<HttpResponse> http_get(std::uint16_t port, const std::string& target) {
  try {
    asio::io_context ioc;
    tcp::socket socket(ioc);
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    // Bounds a read from a server that accepted but does not answer (readiness checks take <= 2 s
    // per dependency).
    const timeval limit{10, 0};
    ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof(limit));
    http::request<http::empty_body> request{http::verb::get, target, 11};
    request.set(http::field::host, "127.0.0.1");
    http::write(socket, request);
    boost::beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(socket, buffer, response);
    return HttpResponse{response.result_int(), response.body()};
  } catch (const boost::system::system_error&) {
    return std::nullopt;
  }
}

std::uint16_t free_port() {
  asio::io_context ioc;
  tcp::acceptor acceptor(ioc, {asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

std::optional<double> metric(const std::string& exposition, const std::string& series) {
  std::istringstream lines(exposition);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.starts_with(series + " ")) {
      return std::stod(line.substr(series.size() + 1));
    }
  }
  return std::nullopt;
}

}  // namespace sink_test
