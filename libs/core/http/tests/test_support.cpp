#include "test_support.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>
#include <boost/system/system_error.hpp>
#include <utility>

namespace core::http::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using namespace std::chrono_literals;

constexpr auto kClientTimeout = 5s;

}  // namespace

Options test_options() {
  Options options;
  options.address = "127.0.0.1";
  options.port = 0;
  options.io_threads = 1;
  options.read_timeout = 2s;
  options.idle_timeout = 2s;
  options.shutdown_timeout = 2s;
  return options;
}

RunningServer::RunningServer(Options options, const std::function<void(Server&)>& setup)
    : server_(std::move(options), registry_) {
  if (setup) {
    setup(server_);
  }
  thread_ = std::jthread([this] {
    server_.run();
    stopped_ = true;
  });
}

RunningServer::~RunningServer() {
  server_.stop();
  thread_.join();
}

bool RunningServer::wait_stopped(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!stopped_ && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  return stopped_;
}

Client::Client(std::uint16_t port) : stream_(ioc_) {
  stream_.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
}

template <typename Start>
beast::error_code Client::complete(Start start) {
  beast::error_code result;
  stream_.expires_after(kClientTimeout);
  start([&result](beast::error_code ec, std::size_t) { result = ec; });
  ioc_.restart();
  ioc_.run();
  return result;
}

Response Client::request(Message message) {
  send(std::move(message));
  return read();
}

Response Client::get(std::string_view target) {
  return request(make_request(Verb::get, target));
}

void Client::send(Message message) {
  message.prepare_payload();
  if (const auto ec = complete(
          [&](auto handler) { beast::http::async_write(stream_, message, std::move(handler)); })) {
    throw boost::system::system_error(ec, "send");
  }
}

void Client::send_raw(std::string_view bytes) {
  if (const auto ec = complete([&](auto handler) {
        asio::async_write(stream_, asio::buffer(bytes), std::move(handler));
      })) {
    throw boost::system::system_error(ec, "send_raw");
  }
}

Response Client::read(bool head) {
  beast::http::response_parser<beast::http::string_body> parser;
  parser.skip(head);  // a response to HEAD announces a body it does not carry
  if (const auto ec = complete([&](auto handler) {
        beast::http::async_read(stream_, buffer_, parser, std::move(handler));
      })) {
    throw boost::system::system_error(ec, "read");
  }
  return parser.release();
}

bool Client::closed_by_server() {
  char byte = 0;
  const auto ec = complete(
      [&](auto handler) { stream_.async_read_some(asio::buffer(&byte, 1), std::move(handler)); });
  return ec == asio::error::eof || ec == asio::error::connection_reset;
}

Message make_request(Verb method, std::string_view target) {
  Message message{method, target, 11};
  message.set(Field::host, "127.0.0.1");
  return message;
}

boost::json::value body_json(const Response& response) {
  return boost::json::parse(response.body());
}

std::chrono::milliseconds elapsed_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start);
}

}  // namespace core::http::testing
