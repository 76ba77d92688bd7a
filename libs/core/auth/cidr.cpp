#include "core/auth/cidr.hpp"

#include <boost/system/error_code.hpp>

namespace core::auth {
namespace {

namespace ip = boost::asio::ip;

}  // namespace

std::optional<Cidr> Cidr::parse(std::string_view text) {
  std::string spec(text);
  if (spec.find('/') == std::string::npos) {
    boost::system::error_code ec;
    const auto address = ip::make_address(spec, ec);
    if (ec) {
      return std::nullopt;
    }
    spec += address.is_v4() ? "/32" : "/128";
  }
  boost::system::error_code ec;
  // The network functions accept host bits ("10.1.2.3/8"), which is how people often write a
  // network; canonical() in contains() ignores them.
  if (spec.find(':') == std::string::npos) {
    const auto network = ip::make_network_v4(spec, ec);
    return ec ? std::nullopt : std::optional<Cidr>(Cidr(network));
  }
  const auto network = ip::make_network_v6(spec, ec);
  return ec ? std::nullopt : std::optional<Cidr>(Cidr(network));
}

bool Cidr::contains(const ip::address& address) const {
  auto peer = address;
  if (peer.is_v6() && peer.to_v6().is_v4_mapped()) {
    peer = ip::make_address_v4(ip::v4_mapped, peer.to_v6());
  }
  if (const auto* v4 = std::get_if<ip::network_v4>(&network_)) {
    return peer.is_v4() &&
           ip::network_v4(peer.to_v4(), v4->prefix_length()).canonical() == v4->canonical();
  }
  const auto& v6 = std::get<ip::network_v6>(network_);
  return peer.is_v6() &&
         ip::network_v6(peer.to_v6(), v6.prefix_length()).canonical() == v6.canonical();
}

}  // namespace core::auth
