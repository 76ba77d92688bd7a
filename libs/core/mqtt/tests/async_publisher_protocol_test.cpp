// AsyncPublisher against a scripted broker: the packets it writes, the window, resends after a
// reconnect, keep-alive and connect failures.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "core/mqtt/async_publisher.hpp"
#include "fake_broker.hpp"

namespace core::mqtt {
namespace {

using namespace std::chrono_literals;
using test_support::FakeBroker;
using test_support::Packet;

const std::string kConnackAccepted{'\x20', '\x02', '\x00', '\x00'};

std::string puback(std::uint16_t id) {
  return {'\x40', '\x02', static_cast<char>(id >> 8U), static_cast<char>(id & 0xFFU)};
}

std::uint16_t packet_id(const Packet& publish) {
  const auto topic_length = static_cast<std::size_t>(static_cast<std::uint8_t>(publish.body[0]))
                                << 8U |
                            static_cast<std::uint8_t>(publish.body[1]);
  const auto at = 2 + topic_length;
  return static_cast<std::uint16_t>(static_cast<std::uint8_t>(publish.body[at]) << 8U |
                                    static_cast<std::uint8_t>(publish.body[at + 1]));
}

class AsyncPublisherProtocolTest : public ::testing::Test {
 protected:
  Options options() const {
    Options o;
    o.uri = broker_.uri();
    o.client_id = "publisher-under-test";
    o.username = "devices";
    o.password = "secret";
    o.connect_timeout = 2s;
    o.min_reconnect_delay = 1s;
    o.max_reconnect_delay = 1s;
    return o;
  }

  // Runs connect() while the broker answers the CONNECT with `connack`; returns the CONNECT.
  Packet connect(AsyncPublisher& publisher, const std::string& connack = kConnackAccepted) {
    auto connected = std::async(std::launch::async, [&] { publisher.connect(); });
    EXPECT_TRUE(broker_.accept());
    auto request = broker_.read();
    EXPECT_TRUE(request && request->header.type == packet::Type::connect);
    broker_.send(connack);
    connected.get();
    return request.value_or(Packet{});
  }

  // The next `count` packets, all of which must be PUBLISH.
  std::vector<Packet> read_publishes(std::size_t count) {
    std::vector<Packet> out;
    while (out.size() < count) {
      auto next = broker_.read();
      if (!next) {
        break;
      }
      EXPECT_EQ(next->header.type, packet::Type::publish);
      out.push_back(*next);
    }
    return out;
  }

  FakeBroker broker_;
};

TEST_F(AsyncPublisherProtocolTest, ConnectCarriesTheSessionSettings) {
  AsyncPublisher publisher(options(), 8);
  const auto request = connect(publisher);
  EXPECT_TRUE(publisher.connected());
  EXPECT_NE(request.body.find("publisher-under-test"), std::string::npos);
  EXPECT_NE(request.body.find("devices"), std::string::npos);
  EXPECT_NE(request.body.find("secret"), std::string::npos);
  // Connect flags (byte 7 of the variable header): user name, password, no clean session.
  EXPECT_EQ(static_cast<std::uint8_t>(request.body[7]), 0xC0);
}

TEST_F(AsyncPublisherProtocolTest, RefusedConnackIsReportedWithItsCode) {
  AsyncPublisher publisher(options(), 8);
  auto connected = std::async(std::launch::async, [&] { publisher.connect(); });
  ASSERT_TRUE(broker_.accept());
  ASSERT_TRUE(broker_.read());
  broker_.send(std::string{'\x20', '\x02', '\x00', '\x05'});
  try {
    connected.get();
    FAIL() << "connect() accepted a refused CONNACK";
  } catch (const Error& e) {
    EXPECT_EQ(e.return_code(), 5);
    EXPECT_EQ(std::string(e.what()).find("secret"), std::string::npos);
  }
  EXPECT_FALSE(publisher.connected());
}

TEST_F(AsyncPublisherProtocolTest, MissingConnackTimesOut) {
  auto o = options();
  o.connect_timeout = 300ms;
  AsyncPublisher publisher(o, 8);
  auto connected = std::async(std::launch::async, [&] { publisher.connect(); });
  ASSERT_TRUE(broker_.accept());
  try {
    connected.get();
    FAIL() << "connect() returned without a CONNACK";
  } catch (const Error& e) {
    EXPECT_EQ(e.return_code(), 0);
  }
}

TEST_F(AsyncPublisherProtocolTest, PublishesArePipelinedInOrder) {
  AsyncPublisher publisher(options(), 8);
  connect(publisher);
  for (int i = 0; i < 5; ++i) {
    publisher.publish("saveeye/telemetry", std::to_string(i));
  }
  const auto publishes = read_publishes(5);
  ASSERT_EQ(publishes.size(), 5U);
  for (std::uint16_t i = 0; i < 5; ++i) {
    EXPECT_EQ(publishes[i].header.flags, 0x2);  // QoS 1, no DUP, no retain
    EXPECT_EQ(packet_id(publishes[i]), i + 1);
    EXPECT_TRUE(publishes[i].body.ends_with(std::to_string(i)));
  }
  EXPECT_EQ(publisher.in_flight(), 5U);
  for (std::uint16_t i = 1; i <= 5; ++i) {
    broker_.send(puback(i));
  }
  EXPECT_TRUE(publisher.flush(5s));
  EXPECT_EQ(publisher.stats().acknowledged, 5U);
}

TEST_F(AsyncPublisherProtocolTest, FullWindowBlocksUntilAPuback) {
  AsyncPublisher publisher(options(), 2);
  connect(publisher);
  publisher.publish("t", "1");
  publisher.publish("t", "2");
  auto third = std::async(std::launch::async, [&] { publisher.publish("t", "3"); });
  EXPECT_EQ(third.wait_for(300ms), std::future_status::timeout);
  ASSERT_EQ(read_publishes(2).size(), 2U);
  broker_.send(puback(1));
  EXPECT_EQ(third.wait_for(5s), std::future_status::ready);
  const auto resumed = read_publishes(1);
  ASSERT_EQ(resumed.size(), 1U);
  EXPECT_EQ(packet_id(resumed[0]), 1);  // ids cycle through the window
}

TEST_F(AsyncPublisherProtocolTest, UnacknowledgedMessagesAreResentWithDupAfterReconnect) {
  AsyncPublisher publisher(options(), 8);
  connect(publisher);
  for (int i = 0; i < 3; ++i) {
    publisher.publish("t", std::to_string(i));
  }
  ASSERT_EQ(read_publishes(3).size(), 3U);
  broker_.send(puback(1));
  ASSERT_FALSE(publisher.flush(0ms));
  broker_.drop_client();
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (publisher.connected() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }

  // Published while the connection is down: queued, sent after the resends, without DUP.
  publisher.publish("t", "3");
  ASSERT_TRUE(broker_.accept(5s));
  ASSERT_TRUE(broker_.read());  // CONNECT
  broker_.send(kConnackAccepted);
  const auto resent = read_publishes(3);
  ASSERT_EQ(resent.size(), 3U);
  EXPECT_EQ(packet_id(resent[0]), 2);
  EXPECT_EQ(resent[0].header.flags, 0xA);  // DUP and QoS 1
  EXPECT_EQ(packet_id(resent[1]), 3);
  EXPECT_EQ(resent[1].header.flags, 0xA);
  EXPECT_EQ(packet_id(resent[2]), 4);
  EXPECT_EQ(resent[2].header.flags, 0x2);
  for (std::uint16_t id = 2; id <= 4; ++id) {
    broker_.send(puback(id));
  }
  EXPECT_TRUE(publisher.flush(5s));
  EXPECT_EQ(publisher.stats().acknowledged, 4U);
  EXPECT_EQ(publisher.stats().reconnects, 1U);
}

TEST_F(AsyncPublisherProtocolTest, IdleConnectionPingsAndASilentBrokerIsLeft) {
  auto o = options();
  o.keep_alive = 1s;
  AsyncPublisher publisher(o, 8);
  connect(publisher);
  const auto ping = broker_.read(2s);
  ASSERT_TRUE(ping);
  EXPECT_EQ(ping->header.type, packet::Type::pingreq);
  // No PINGRESP: after keep_alive of silence the publisher closes the connection and reconnects.
  const auto pinged = std::chrono::steady_clock::now();
  EXPECT_TRUE(broker_.wait_closed(3s));
  EXPECT_GE(std::chrono::steady_clock::now() - pinged, 400ms);
  EXPECT_TRUE(broker_.accept(5s));
}

TEST_F(AsyncPublisherProtocolTest, DisconnectSendsDisconnect) {
  AsyncPublisher publisher(options(), 8);
  connect(publisher);
  publisher.disconnect();
  const auto last = broker_.read();
  ASSERT_TRUE(last);
  EXPECT_EQ(last->header.type, packet::Type::disconnect);
  EXPECT_THROW(publisher.publish("t", "x"), Error);
}

}  // namespace
}  // namespace core::mqtt
