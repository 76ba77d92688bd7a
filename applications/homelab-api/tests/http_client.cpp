#include "http_client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/system/system_error.hpp>
#include <chrono>

namespace api_test {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using asio::ip::tcp;

// Longer than the API's 5 s acquire timeout, so a 503 after waiting still arrives.
constexpr std::chrono::seconds kTimeout{15};

}  // namespace

HttpResponse http_request(std::uint16_t port, beast::http::verb method, const std::string& target,
                          const Headers& headers) {
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  beast::http::request<beast::http::string_body> request{method, target, 11};
  request.set(beast::http::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers) {
    request.set(name, value);
  }
  request.prepare_payload();
  HttpResponse response;
  beast::flat_buffer buffer;
  beast::error_code failure;
  stream.expires_after(kTimeout);
  stream.async_connect(
      tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), [&](beast::error_code ec) {
        if (ec) {
          failure = ec;
          return;
        }
        beast::http::async_write(stream, request, [&](beast::error_code write_ec, std::size_t) {
          if (write_ec) {
            failure = write_ec;
            return;
          }
          beast::http::async_read(
              stream, buffer, response,
              [&](beast::error_code read_ec, std::size_t) { failure = read_ec; });
        });
      });
  ioc.run();
  if (failure) {
    throw boost::system::system_error(failure,
                                      std::string(beast::http::to_string(method)) + " " + target);
  }
  return response;
}

std::uint16_t free_port() {
  asio::io_context ioc;
  tcp::acceptor acceptor(ioc, {asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

}  // namespace api_test
