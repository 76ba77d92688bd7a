#include "core/http/session.hpp"

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>
#include <optional>
#include <tuple>
#include <utility>

namespace core::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using Parser = beast::http::request_parser<beast::http::string_body>;

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kReadChunk = 4096;

// Reads one request, answering "Expect: 100-continue" before reading the body.
asio::awaitable<beast::error_code> read_request(asio::ip::tcp::socket& socket,
                                                beast::flat_buffer& buffer, Parser& parser) {
  beast::error_code ec;
  std::tie(ec, std::ignore) =
      co_await beast::http::async_read_header(socket, buffer, parser, use_tuple);
  if (ec || parser.is_done()) {
    co_return ec;
  }
  if (beast::iequals(parser.get()[Field::expect], "100-continue")) {
    beast::http::response<beast::http::empty_body> proceed{Status::continue_,
                                                           parser.get().version()};
    std::tie(ec, std::ignore) = co_await beast::http::async_write(socket, proceed, use_tuple);
    if (ec) {
      co_return ec;
    }
  }
  std::tie(ec, std::ignore) = co_await beast::http::async_read(socket, buffer, parser, use_tuple);
  co_return ec;
}

// The answer to a request that could not be read, or nullopt when the connection just ends (the
// client went away mid-request or the socket failed).
std::optional<Response> read_failure(beast::error_code ec, bool timed_out,
                                     Status body_limit_status) {
  if (timed_out) {
    return error(Status::request_timeout, "request timeout");
  }
  if (ec == beast::http::error::header_limit) {
    return error(Status::request_header_fields_too_large, "request header too large");
  }
  if (ec == beast::http::error::body_limit) {
    return error(body_limit_status, "request body too large");
  }
  if (ec == beast::http::error::end_of_stream || ec == beast::http::error::partial_message) {
    return std::nullopt;
  }
  if (ec.category() == beast::http::make_error_code(beast::http::error::bad_target).category()) {
    return error(Status::bad_request, "malformed request");
  }
  return std::nullopt;
}

}  // namespace

Session::Session(asio::ip::tcp::socket socket, const Options& options, const Dispatcher& dispatcher)
    : socket_(std::move(socket)),
      deadline_(socket_.get_executor()),
      options_(options),
      dispatcher_(dispatcher) {
  beast::error_code ec;
  peer_ = socket_.remote_endpoint(ec);
}

// GCC 12 miscompiles a co_await inside an if condition when a temporary is involved, so every
// co_await here is a statement of its own.
asio::awaitable<void> Session::serve() {
  for (bool first = true; !stopping_; first = false) {
    // A new connection has read_timeout to deliver its first request. A kept-alive one may wait
    // idle_timeout for its next request to start, which then has read_timeout. The deadline is
    // not extended by the bytes that arrive, so a client that trickles its request still times out.
    arm(first ? options_.read_timeout : options_.idle_timeout);
    if (buffer_.size() == 0) {
      const bool started = co_await wait_for_request();
      if (!started) {
        break;
      }
    }
    if (!first) {
      arm(options_.read_timeout);
    }
    Parser parser;
    parser.header_limit(options_.header_limit);
    parser.body_limit(options_.body_limit);
    const auto ec = co_await read_request(socket_, buffer_, parser);
    if (ec) {
      auto response = read_failure(ec, timed_out_, options_.body_limit_status);
      if (response) {
        response->keep_alive(false);
        const bool sent = co_await write(std::move(*response));
        if (sent) {
          co_await linger();
        }
      }
      break;
    }
    disarm();  // a slow handler is not the client's fault
    const bool wants_keep_alive = parser.get().keep_alive();
    const unsigned version = parser.get().version();
    const bool head = parser.get().method() == Verb::head;
    auto response = co_await dispatcher_.dispatch(parser.release(), peer_);
    // stop() while the request was in flight: answer it, then close.
    const bool keep_alive = wants_keep_alive && !stopping_;
    response.version(version);
    response.keep_alive(keep_alive);
    const bool sent = co_await write(std::move(response), head);
    if (!sent) {
      break;
    }
    if (!keep_alive) {
      co_await linger();
      break;
    }
  }
  close();
}

asio::awaitable<void> Session::reject(Response response) {
  response.keep_alive(false);
  const bool sent = co_await write(std::move(response));
  if (sent) {
    co_await linger();
  }
  close();
}

void Session::stop() {
  asio::dispatch(socket_.get_executor(), [self = shared_from_this()] {
    self->stopping_ = true;
    if (self->idle_) {
      beast::error_code ec;
      self->socket_.cancel(ec);
    }
  });
}

void Session::close() {
  beast::error_code ec;
  disarm();
  deadline_.cancel();  // the pending wait holds the session
  socket_.close(ec);
}

asio::awaitable<bool> Session::wait_for_request() {
  idle_ = true;
  const auto [ec, size] = co_await socket_.async_read_some(buffer_.prepare(kReadChunk), use_tuple);
  idle_ = false;
  buffer_.commit(size);
  co_return !ec;
}

asio::awaitable<bool> Session::write(Response response, bool head) {
  response.prepare_payload();
  arm(options_.read_timeout);  // a client that does not read must not hold the connection
  beast::http::response_serializer<beast::http::string_body> serializer(response);
  beast::error_code ec;
  if (head) {
    std::tie(ec, std::ignore) =
        co_await beast::http::async_write_header(socket_, serializer, use_tuple);
  } else {
    std::tie(ec, std::ignore) = co_await beast::http::async_write(socket_, serializer, use_tuple);
  }
  disarm();
  co_return !ec;
}

// Half-closes, then drains what the client still sends until it closes too (or read_timeout
// passes). Closing with unread input makes the kernel send a reset, which can destroy the response
// before the client has read it; this matters after 408, 413 and 431, sent mid-request.
asio::awaitable<void> Session::linger() {
  beast::error_code ec;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ec);
  arm(options_.read_timeout);
  idle_ = true;
  std::array<char, kReadChunk> discard{};
  while (!ec && !stopping_) {
    std::tie(ec, std::ignore) = co_await socket_.async_read_some(asio::buffer(discard), use_tuple);
  }
  idle_ = false;
}

// arm() and disarm() only move expiry_. The pending wait is replaced only when it would fire
// after the new expiry; otherwise it fires, finds the expiry moved and waits again. Moving the
// timer on every request cost a cancelled wait and two timer queue updates each time.
void Session::arm(std::chrono::milliseconds timeout) {
  timed_out_ = false;
  expiry_ = std::chrono::steady_clock::now() + timeout;
  if (!watching_ || deadline_.expiry() > expiry_) {
    watch();
  }
}

void Session::disarm() {
  expiry_ = std::chrono::steady_clock::time_point::max();
}

void Session::watch() {
  watching_ = true;
  deadline_.expires_at(expiry_);
  deadline_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (ec) {
      return;  // replaced by a newer wait, or the session closed
    }
    // Also reached by a wait that completed just before watch() replaced it; the checks below
    // hold for it too, and a newer wait it does not know of is replaced again or finds nothing
    // to do.
    self->watching_ = false;
    if (self->expiry_ == std::chrono::steady_clock::time_point::max()) {
      return;
    }
    if (std::chrono::steady_clock::now() < self->expiry_) {
      self->watch();
      return;
    }
    self->timed_out_ = true;
    self->socket_.cancel(ec);
  });
}

}  // namespace core::http
