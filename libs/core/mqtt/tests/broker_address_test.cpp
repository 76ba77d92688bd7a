#include "core/mqtt/broker_address.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace core::mqtt {
namespace {

TEST(BrokerAddressTest, HostAndPort) {
  const auto address = parse_broker_uri("tcp://127.0.0.1:57783");
  EXPECT_EQ(address.host, "127.0.0.1");
  EXPECT_EQ(address.port, "57783");
}

TEST(BrokerAddressTest, DefaultPortAndMqttScheme) {
  const auto address = parse_broker_uri("mqtt://mosquitto.homelab.svc");
  EXPECT_EQ(address.host, "mosquitto.homelab.svc");
  EXPECT_EQ(address.port, "1883");
}

TEST(BrokerAddressTest, Ipv6Literal) {
  const auto address = parse_broker_uri("tcp://[::1]:1884");
  EXPECT_EQ(address.host, "::1");
  EXPECT_EQ(address.port, "1884");
}

TEST(BrokerAddressTest, Rejected) {
  for (const auto* uri : {"", "localhost:1883", "ssl://broker:8883", "tcp://:1883",
                          "tcp://broker:1883/path", "tcp://user:pw@broker:1883", "tcp://broker:"}) {
    EXPECT_THROW(parse_broker_uri(uri), std::invalid_argument) << uri;
  }
}

}  // namespace
}  // namespace core::mqtt
