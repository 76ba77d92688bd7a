#include "listener.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/url/parse.hpp>
#include <chrono>
#include <memory>
#include <tuple>
#include <utility>
#include <variant>

namespace energy_ws {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using asio::ip::tcp;

constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);

// Time to deliver a request, including the wait for the next one on a kept-alive connection,
// and to take a response.
constexpr std::chrono::seconds kRequestTimeout{10};
constexpr std::uint32_t kHeaderLimit = std::uint32_t{8} * 1024;
constexpr std::uint64_t kBodyLimit = std::uint64_t{16} * 1024;
// The pause after a failed accept (typically out of file descriptors), so the loop does not spin.
constexpr std::chrono::milliseconds kAcceptRetryDelay{100};

asio::awaitable<bool> write_response(beast::tcp_stream& stream, core::http::Response response,
                                     const core::http::Message& request) {
  response.version(request.version());
  response.keep_alive(request.keep_alive());
  response.prepare_payload();
  stream.expires_after(kRequestTimeout);
  beast::http::response_serializer<beast::http::string_body> serializer(response);
  beast::error_code ec;
  if (request.method() == core::http::Verb::head) {
    std::tie(ec, std::ignore) =
        co_await beast::http::async_write_header(stream, serializer, kUseTuple);
  } else {
    std::tie(ec, std::ignore) = co_await beast::http::async_write(stream, serializer, kUseTuple);
  }
  co_return !ec && response.keep_alive();
}

}  // namespace

struct Listener::Upgrade {
  core::http::Message request;
  core::http::Identity identity;
};

Listener::Listener(asio::io_context& ioc, const tcp::endpoint& endpoint, Parts parts)
    : ioc_(ioc), parts_(parts), acceptor_(ioc) {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(tcp::acceptor::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
  port_ = acceptor_.local_endpoint().port();
}

void Listener::start() {
  asio::co_spawn(ioc_, accept_loop(), asio::detached);
}

void Listener::stop() {
  beast::error_code ignored;
  acceptor_.close(ignored);
}

asio::awaitable<void> Listener::accept_loop() {
  while (acceptor_.is_open()) {
    auto [ec, socket] = co_await acceptor_.async_accept(kUseTuple);
    if (!acceptor_.is_open()) {
      break;
    }
    if (ec) {
      spdlog::warn("ws: accept failed: {}", ec.message());
      asio::steady_timer pause(ioc_, kAcceptRetryDelay);
      co_await pause.async_wait(kUseTuple);
      continue;
    }
    // Frames are small and latency matters more than packet count.
    socket.set_option(tcp::no_delay(true), ec);
    asio::co_spawn(ioc_, serve(std::move(socket)), asio::detached);
  }
}

asio::awaitable<void> Listener::serve(tcp::socket socket) {
  beast::error_code ec;
  const auto peer = socket.remote_endpoint(ec);
  beast::tcp_stream stream(std::move(socket));
  auto upgrade = co_await serve_http(stream, peer);
  if (!upgrade) {
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    co_return;
  }
  stream.expires_never();
  const auto session =
      std::make_shared<WsSession>(stream.release_socket(), std::move(upgrade->identity), parts_.hub,
                                  parts_.authenticator, parts_.session_options, parts_.metrics);
  co_await session->run(std::move(upgrade->request));
}

// Answers requests until one is an admitted upgrade, which it returns; nullopt when the
// connection is done instead. Its frame, with the read buffer, is gone once a session starts.
asio::awaitable<std::optional<Listener::Upgrade>> Listener::serve_http(beast::tcp_stream& stream,
                                                                       tcp::endpoint peer) {
  beast::flat_buffer buffer;
  for (;;) {
    beast::http::request_parser<beast::http::string_body> parser;
    parser.header_limit(kHeaderLimit);
    parser.body_limit(kBodyLimit);
    stream.expires_after(kRequestTimeout);
    const auto [read_error, ignored] =
        co_await beast::http::async_read(stream, buffer, parser, kUseTuple);
    if (read_error) {
      co_return std::nullopt;
    }
    auto message = parser.release();
    const auto target = boost::urls::parse_origin_form(message.target());
    if (!target || target->path() != kWebSocketPath) {
      auto response = co_await parts_.dispatcher.dispatch(message, peer);
      const bool again = co_await write_response(stream, std::move(response), message);
      if (!again) {
        co_return std::nullopt;
      }
      continue;
    }
    core::http::Request request;
    request.path = target->path();
    request.query = core::http::decode_query(*target);
    request.message = std::move(message);
    request.peer = peer;
    auto admission = co_await parts_.gate.admit(request);
    if (auto* identity = std::get_if<core::http::Identity>(&admission)) {
      co_return Upgrade{std::move(request.message), std::move(*identity)};
    }
    const bool again = co_await write_response(
        stream, std::move(std::get<core::http::Response>(admission)), request.message);
    if (!again) {
      co_return std::nullopt;
    }
  }
}

}  // namespace energy_ws
