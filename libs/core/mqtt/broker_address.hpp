#pragma once

#include <string>
#include <string_view>

namespace core::mqtt {

struct BrokerAddress {
  std::string host;
  std::string port;  // a service name or number, as the resolver takes it
};

// "tcp://host:port" or "mqtt://host:port"; the port defaults to 1883. Throws
// std::invalid_argument naming what is wrong: TLS schemes are not supported.
BrokerAddress parse_broker_uri(std::string_view uri);

}  // namespace core::mqtt
