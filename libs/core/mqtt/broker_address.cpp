#include "core/mqtt/broker_address.hpp"

#include <boost/url/parse.hpp>
#include <stdexcept>

namespace core::mqtt {

BrokerAddress parse_broker_uri(std::string_view uri) {
  const auto parsed = boost::urls::parse_uri(uri);
  const auto invalid = [&](const std::string& why) {
    return std::invalid_argument("MQTT broker URI '" + std::string(uri) + "' " + why);
  };
  if (!parsed) {
    throw invalid("is not a URI (expected tcp://host:port)");
  }
  const auto scheme = parsed->scheme();
  if (scheme != "tcp" && scheme != "mqtt") {
    throw invalid("has scheme '" + std::string(scheme) +
                  "': only tcp:// and mqtt:// are supported");
  }
  if (parsed->host().empty()) {
    throw invalid("has no host");
  }
  if (!parsed->encoded_path().empty() || parsed->has_query() || parsed->has_fragment() ||
      parsed->has_userinfo()) {
    throw invalid("must be only scheme, host and port (credentials are separate settings)");
  }
  BrokerAddress address;
  address.host = parsed->host_address();
  address.port = parsed->has_port() ? std::string(parsed->port()) : "1883";
  if (address.port.empty()) {
    throw invalid("has an empty port");
  }
  return address;
}

}  // namespace core::mqtt
