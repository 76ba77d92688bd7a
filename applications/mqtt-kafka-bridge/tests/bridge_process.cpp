#include "bridge_process.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <regex>
#include <sstream>
#include <thread>

namespace bridge::test {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using namespace std::chrono_literals;

}  // namespace

std::uint16_t BridgeProcess::wait_port(std::chrono::milliseconds timeout) {
  static const std::regex listening(R"(http: listening on [0-9.]+:([0-9]+))");
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (port_ == 0 && std::chrono::steady_clock::now() < deadline) {
    const auto text = log();
    if (std::smatch match; std::regex_search(text, match, listening)) {
      port_ = static_cast<std::uint16_t>(std::stoi(match[1].str()));
      break;
    }
    std::this_thread::sleep_for(20ms);
  }
  return port_;
}

bool BridgeProcess::wait_ready(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  if (wait_port(timeout) == 0) {
    return false;
  }
  while (std::chrono::steady_clock::now() < deadline) {
    if (const auto answer = get("/readyz"); answer && answer->first == 200) {
      return true;
    }
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

std::optional<std::pair<int, std::string>> BridgeProcess::get(const std::string& target) {
  if (port_ == 0) {
    return std::nullopt;
  }
  boost::asio::io_context context;
  beast::tcp_stream stream(context);
  stream.expires_after(5s);
  beast::error_code ec;
  stream.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port_),
                 ec);
  if (ec) {
    return std::nullopt;
  }
  http::request<http::empty_body> request(http::verb::get, target, 11);
  request.set(http::field::host, "127.0.0.1");
  http::write(stream, request, ec);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(stream, buffer, response, ec);
  if (ec) {
    return std::nullopt;
  }
  return std::make_pair(static_cast<int>(response.result_int()), response.body());
}

std::optional<double> BridgeProcess::metric(const std::string& sample) {
  const auto page = get("/metrics");
  if (!page) {
    return std::nullopt;
  }
  std::istringstream lines(page->second);
  for (std::string line; std::getline(lines, line);) {
    if (line.size() > sample.size() && line.compare(0, sample.size(), sample) == 0 &&
        line[sample.size()] == ' ') {
      return std::stod(line.substr(sample.size() + 1));
    }
  }
  return std::nullopt;
}

}  // namespace bridge::test
