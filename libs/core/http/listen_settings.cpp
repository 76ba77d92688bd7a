#include "core/http/listen_settings.hpp"

#include <boost/asio/ip/address.hpp>
#include <charconv>
#include <optional>
#include <string_view>

namespace core::http {
namespace {

struct Listen {
  std::string address;
  std::optional<std::uint16_t> port;
};

// "0.0.0.0:8080", "[::1]:8080"; nullopt port when it is not a number in 0..65535.
std::optional<Listen> split_listen(const std::string& value) {
  std::string host;
  std::string_view port;
  if (value.starts_with('[')) {
    const auto close = value.find(']');
    if (close == std::string::npos || value.size() <= close + 1 || value[close + 1] != ':') {
      return std::nullopt;
    }
    host = value.substr(1, close - 1);
    port = std::string_view(value).substr(close + 2);
  } else {
    const auto colon = value.rfind(':');
    if (colon == std::string::npos) {
      return std::nullopt;
    }
    host = value.substr(0, colon);
    port = std::string_view(value).substr(colon + 1);
  }
  Listen listen{host, std::nullopt};
  unsigned number = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
  if (ec == std::errc() && end == port.data() + port.size() && !port.empty() && number <= 65535) {
    listen.port = static_cast<std::uint16_t>(number);
  }
  return listen;
}

}  // namespace

void read_listen(config::Reader& reader, std::string& address, std::uint16_t& port) {
  const auto listen = reader.string("listen", "0.0.0.0:8080");
  const auto parts = split_listen(listen);
  if (!parts || !parts->port) {
    reader.add_problem("listen: '" + listen + "' is not host:port with a port in 0..65535");
  } else {
    address = parts->address;
    port = *parts->port;
  }
  address = reader.string("http.address", address);
  port = static_cast<std::uint16_t>(reader.integer("http.port", port, 0, 65535));
  boost::system::error_code ec;
  boost::asio::ip::make_address(address, ec);
  if (ec) {
    reader.add_problem("listen: '" + address + "' is not an IP address");
  }
}

}  // namespace core::http
