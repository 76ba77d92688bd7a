#pragma once

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace core::auth {

// An IPv4 or IPv6 network such as "10.42.0.0/16" or "fd00::/8"; a bare address is a /32 or /128.
class Cidr {
 public:
  // nullopt for anything else, including a prefix longer than the address.
  static std::optional<Cidr> parse(std::string_view text);

  // An IPv4-mapped IPv6 address (::ffff:10.0.0.1, how a dual-stack socket reports an IPv4 peer)
  // is matched as the IPv4 address it carries.
  bool contains(const boost::asio::ip::address& address) const;

 private:
  using Network = std::variant<boost::asio::ip::network_v4, boost::asio::ip::network_v6>;

  explicit Cidr(Network network) : network_(std::move(network)) {}

  Network network_;
};

}  // namespace core::auth
