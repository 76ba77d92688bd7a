#include "http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>

namespace settings_test {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;

constexpr std::chrono::seconds kTimeout{15};

}  // namespace

HttpResponse http_request(std::uint16_t port, beast::http::verb method, const std::string& target,
                          const Headers& headers, const std::string& body) {
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.expires_after(kTimeout);
  stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  beast::http::request<beast::http::string_body> request{method, target, 11};
  request.set(beast::http::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers) {
    request.set(name, value);
  }
  request.body() = body;
  request.prepare_payload();
  beast::http::write(stream, request);
  beast::flat_buffer buffer;
  HttpResponse response;
  beast::http::read(stream, buffer, response);
  return response;
}

}  // namespace settings_test
