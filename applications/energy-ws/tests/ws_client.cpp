#include "ws_client.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/websocket/error.hpp>
#include <boost/json/parse.hpp>
#include <stdexcept>

namespace ws_test {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using asio::ip::tcp;

constexpr std::chrono::seconds kConnectTimeout{5};

// Opens the TCP connection and sends the upgrade request; the response, and whether it was a 101.
std::pair<websocket::response_type, beast::error_code> handshake(
    websocket::stream<beast::tcp_stream>& ws, std::uint16_t port, const ClientOptions& options) {
  auto& socket = beast::get_lowest_layer(ws).socket();
  socket.open(tcp::v4());
  if (options.receive_buffer > 0) {
    socket.set_option(asio::socket_base::receive_buffer_size(options.receive_buffer));
  }
  beast::get_lowest_layer(ws).expires_after(kConnectTimeout);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  ws.set_option(websocket::stream_base::decorator([headers = options.headers](auto& request) {
    for (const auto& [name, value] : headers) {
      request.set(name, value);
    }
  }));
  websocket::response_type response;
  beast::error_code ec;
  ws.handshake(response, "127.0.0.1:" + std::to_string(port), options.target, ec);
  beast::get_lowest_layer(ws).expires_never();
  return {std::move(response), ec};
}

}  // namespace

WsClient::WsClient(std::uint16_t port, const ClientOptions& options) : ws_(ioc_) {
  auto [response, ec] = handshake(ws_, port, options);
  if (ec) {
    throw std::runtime_error("upgrade refused: " + std::to_string(response.result_int()) + " " +
                             response.body() + " (" + ec.message() + ")");
  }
  ws_.control_callback([this](websocket::frame_type kind, std::string_view) {
    if (kind == websocket::frame_type::ping) {
      ++pings_;
    }
  });
}

websocket::response_type WsClient::attempt(std::uint16_t port, const ClientOptions& options) {
  asio::io_context ioc;
  websocket::stream<beast::tcp_stream> ws(ioc);
  return handshake(ws, port, options).first;
}

void WsClient::send(std::string_view text) {
  beast::get_lowest_layer(ws_).expires_after(kConnectTimeout);
  ws_.text(true);
  ws_.write(asio::buffer(text));
  beast::get_lowest_layer(ws_).expires_never();
}

std::optional<std::string> WsClient::read(std::chrono::milliseconds timeout) {
  if (!pending_) {
    buffer_.clear();
    done_ = false;
    pending_ = true;
    ws_.async_read(buffer_, [this](beast::error_code ec, std::size_t) {
      result_ = ec;
      done_ = true;
    });
  }
  ioc_.restart();
  ioc_.run_for(timeout);
  if (!done_) {
    throw ReadTimeout("no frame within " + std::to_string(timeout.count()) + " ms");
  }
  pending_ = false;
  if (result_ == websocket::error::closed) {
    return std::nullopt;
  }
  if (result_) {
    throw std::runtime_error("read failed: " + result_.message());
  }
  return beast::buffers_to_string(buffer_.cdata());
}

boost::json::object WsClient::read_until(
    const std::function<bool(const boost::json::object&)>& match,
    std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    auto text = read(std::max(left, std::chrono::milliseconds(1)));
    if (!text) {
      throw std::runtime_error("closed by the server with " + std::to_string(close_code()));
    }
    auto frame = parse_frame(*text);
    if (match(frame)) {
      return frame;
    }
  }
}

void WsClient::read_until_closed(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (!read(std::max(left, std::chrono::milliseconds(1)))) {
      return;
    }
  }
}

boost::json::object parse_frame(const std::string& text) {
  auto value = boost::json::parse(text);
  if (!value.is_object()) {
    throw std::runtime_error("frame is not an object: " + text);
  }
  return value.get_object();
}

std::function<bool(const boost::json::object&)> of_type(std::string type) {
  return [type = std::move(type)](const boost::json::object& frame) {
    const auto* found = frame.if_contains("type");
    return found != nullptr && found->is_string() && found->get_string() == type;
  };
}

std::function<bool(const boost::json::object&)> data_of(std::string device_id) {
  return [device_id = std::move(device_id)](const boost::json::object& frame) {
    if (!of_type("data")(frame)) {
      return false;
    }
    const auto* data = frame.at("data").as_object().if_contains("device_id");
    return data != nullptr && data->is_string() && data->get_string() == device_id;
  };
}

}  // namespace ws_test
