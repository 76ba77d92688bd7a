// The subscriber against a scripted broker (fake_broker.hpp), which shows every byte the client
// sends: PUBACK order, withheld acknowledgements, protocol errors, keep-alive and reconnects.
#include <gtest/gtest.h>

#include <string>

#include "core/mqtt/acking_subscriber.hpp"
#include "fake_broker.hpp"
#include "subscriber_harness.hpp"

namespace core::mqtt {
namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
using test_support::FakeBroker;
using test_support::SubscriberHarness;
using Kind = ConnectionEvent::Kind;

std::string puback(std::uint16_t packet_id) {
  std::string out;
  packet::append_puback(out, packet_id);
  return out;
}

class AckingSubscriberProtocolTest : public ::testing::Test {
 protected:
  SubscriberOptions options() const {
    SubscriberOptions o;
    o.uri = broker_.uri();
    o.client_id = "bridge-energy";
    o.username = "bridge";
    o.password = "secret";
    o.filters = {"saveeye/telemetry", "+/events/rpc"};
    o.min_reconnect_delay = 50ms;
    o.max_reconnect_delay = 200ms;
    o.connect_timeout = 2s;
    return o;
  }

  // Reads the next packet and expects it to be exactly `bytes`.
  void expect_packet(const std::string& bytes) {
    const auto packet = broker_.read();
    ASSERT_TRUE(packet.has_value()) << "nothing arrived";
    std::string raw(1, static_cast<char>(static_cast<std::uint8_t>(packet->header.type) << 4U |
                                         packet->header.flags));
    raw += static_cast<char>(packet->body.size());
    EXPECT_EQ(raw + packet->body, bytes);
  }

  void expect_silence(std::chrono::milliseconds time = 300ms) {
    const auto packet = broker_.read(time);
    EXPECT_FALSE(packet.has_value()) << "unexpected " << packet::type_name(packet->header.type);
  }

  FakeBroker broker_;
  SubscriberHarness harness_;  // after the broker: stopped first
};

TEST_F(AckingSubscriberProtocolTest, ConnectsWithPersistentSessionAndSubscribesAtQosOne) {
  harness_.start(options());
  const auto [connect, subscribe] = broker_.handshake();
  // Protocol "MQTT" level 4, flags: user name + password, clean session 0; keep-alive 30 s.
  EXPECT_EQ(connect.body.substr(0, 10), "\x00\x04MQTT\x04\xC0\x00\x1E"s);
  EXPECT_EQ(connect.body.substr(10),
            "\x00\x0D"
            "bridge-energy\x00\x06"
            "bridge\x00\x06"
            "secret"s);
  EXPECT_EQ(subscribe.body.substr(2), "\x00\x11saveeye/telemetry\x01\x00\x0C+/events/rpc\x01"s);
  const auto connected = harness_.event(Kind::connected);
  ASSERT_TRUE(connected.has_value());
  EXPECT_FALSE(connected->session_present);
}

TEST_F(AckingSubscriberProtocolTest, PubacksLeaveInArrivalOrder) {
  auto& subscriber = harness_.start(options());
  broker_.handshake();
  broker_.send(FakeBroker::publish(1, "saveeye/telemetry", 7, "a"));
  broker_.send(FakeBroker::publish(0, "saveeye/telemetry", 0, "b"));
  broker_.send(FakeBroker::publish(1, "saveeye/telemetry", 8, "c"));
  broker_.send(FakeBroker::publish(1, "x/events/rpc", 9, "d"));
  const auto messages = harness_.messages(4);
  ASSERT_EQ(messages.size(), 4U);
  EXPECT_EQ(messages[0].payload, "a");
  EXPECT_EQ(messages[1].qos, 0);
  EXPECT_EQ(messages[3].topic, "x/events/rpc");

  subscriber.ack(messages[3].tag);
  subscriber.ack(messages[2].tag);
  subscriber.ack(messages[1].tag);
  expect_silence();  // message 0 holds back every later acknowledgement
  EXPECT_EQ(subscriber.in_flight(), 4U);

  subscriber.ack(messages[0].tag);
  expect_packet(puback(7));
  expect_packet(puback(8));
  expect_packet(puback(9));
  EXPECT_EQ(subscriber.in_flight(), 0U);
}

TEST_F(AckingSubscriberProtocolTest, DroppedConnectionWithholdsTheRestAndReconnects) {
  auto& subscriber = harness_.start(options());
  broker_.handshake();
  broker_.send(FakeBroker::publish(1, "saveeye/telemetry", 1, "one"));
  broker_.send(FakeBroker::publish(1, "saveeye/telemetry", 2, "two"));
  broker_.send(FakeBroker::publish(1, "saveeye/telemetry", 3, "three"));
  const auto messages = harness_.messages(3);
  ASSERT_EQ(messages.size(), 3U);
  subscriber.ack(messages[0].tag);
  expect_packet(puback(1));
  subscriber.ack(messages[2].tag);
  subscriber.drop_connection(messages[1].tag, "kafka delivery failed");
  EXPECT_TRUE(broker_.wait_closed()) << "no PUBACK for 2 or 3, and the connection is closed";
  ASSERT_TRUE(harness_.event(Kind::connection_lost).has_value());

  // The next connection starts over; acknowledgements of the old one are ignored.
  broker_.handshake();
  ASSERT_TRUE(harness_.event(Kind::connected).has_value());
  subscriber.ack(messages[1].tag);
  expect_silence();
  broker_.send(FakeBroker::publish(1, "saveeye/telemetry", 2, "two", true));
  const auto again = harness_.messages(4);
  ASSERT_EQ(again.size(), 4U);
  EXPECT_TRUE(again[3].duplicate);
  EXPECT_NE(again[3].tag.connection, messages[1].tag.connection);
  subscriber.ack(again[3].tag);
  expect_packet(puback(2));
}

TEST_F(AckingSubscriberProtocolTest, RefusedConnectionIsReportedAndRetried) {
  harness_.start(options());
  broker_.handshake(4);
  const auto refused = harness_.event(Kind::refused);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->return_code, 4);
  EXPECT_NE(refused->detail.find("bad user name or password"), std::string::npos)
      << refused->detail;
  EXPECT_EQ(refused->detail.find("secret"), std::string::npos) << "the password is never shown";
  broker_.handshake(5);
  const auto again = harness_.event(Kind::refused);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->return_code, 5);
  EXPECT_GT(again->retry_in, refused->retry_in) << "the backoff grows";
}

TEST_F(AckingSubscriberProtocolTest, RefusedSubscriptionNamesTheFilter) {
  harness_.start(options());
  broker_.handshake(0, "\x01\x80"s);
  const auto refused = harness_.event(Kind::subscription_refused);
  ASSERT_TRUE(refused.has_value());
  EXPECT_NE(refused->detail.find("+/events/rpc"), std::string::npos) << refused->detail;
  EXPECT_EQ(refused->detail.find("saveeye/telemetry"), std::string::npos) << refused->detail;
  EXPECT_TRUE(broker_.wait_closed());
}

TEST_F(AckingSubscriberProtocolTest, MalformedPacketClosesTheConnection) {
  harness_.start(options());
  broker_.handshake();
  ASSERT_TRUE(harness_.event(Kind::connected).has_value());
  broker_.send("\x36\x05\x00\x01t\x00\x01"s);  // PUBLISH with QoS 3
  EXPECT_TRUE(broker_.wait_closed());
  const auto lost = harness_.event(Kind::connection_lost);
  ASSERT_TRUE(lost.has_value());
  EXPECT_NE(lost->detail.find("protocol error: PUBLISH with QoS 3"), std::string::npos)
      << lost->detail;
  EXPECT_TRUE(harness_.messages(1, 100ms).empty());
}

TEST_F(AckingSubscriberProtocolTest, UnexpectedPacketsAndSizesAreProtocolErrors) {
  const std::string bad[] = {
      "\x20\x02\x00\x00"s,                // a second CONNACK
      "\x40\x02\x00\x01"s,                // PUBACK: the subscriber never publishes
      "\xB0\x02\x00\x01"s,                // UNSUBACK: it never unsubscribes
      "\x34\x05\x00\x01t\x00\x01"s,       // QoS 2 on a QoS 1 subscription
      "\x90\x83\x80\x04"s + "\x00\x01"s,  // SUBACK of 65539 bytes
      "\x32\x05\x00\x02+\x00\x01"s,       // wildcard in a topic name (length says 2)
  };
  for (const auto& bytes : bad) {
    harness_.start(options());
    broker_.handshake();
    ASSERT_TRUE(harness_.event(Kind::connected).has_value());
    broker_.send(bytes);
    EXPECT_TRUE(broker_.wait_closed()) << ::testing::PrintToString(bytes);
    EXPECT_TRUE(harness_.event(Kind::connection_lost).has_value());
    harness_.discard();
  }
}

TEST_F(AckingSubscriberProtocolTest, ConnackTimeoutIsAConnectFailure) {
  auto o = options();
  o.connect_timeout = 300ms;
  harness_.start(o);
  ASSERT_TRUE(broker_.accept());
  ASSERT_TRUE(broker_.read().has_value());  // CONNECT, never answered
  const auto failed = harness_.event(Kind::connect_failed, 3s);
  ASSERT_TRUE(failed.has_value());
  EXPECT_NE(failed->detail.find("no CONNACK within 0.3 s"), std::string::npos) << failed->detail;
}

TEST_F(AckingSubscriberProtocolTest, SilentBrokerIsDeclaredDead) {
  auto o = options();
  o.keep_alive = 2s;
  harness_.start(o);
  broker_.handshake();
  const auto start = std::chrono::steady_clock::now();
  const auto ping = broker_.read(3s);
  ASSERT_TRUE(ping.has_value());
  EXPECT_EQ(ping->header.type, packet::Type::pingreq);
  EXPECT_TRUE(broker_.wait_closed(5s)) << "no PINGRESP: the connection must be given up";
  EXPECT_LT(std::chrono::steady_clock::now() - start, 4s);
  const auto lost = harness_.event(Kind::connection_lost);
  ASSERT_TRUE(lost.has_value());
  EXPECT_NE(lost->detail.find("no answer from the broker"), std::string::npos) << lost->detail;
}

TEST_F(AckingSubscriberProtocolTest, AnsweredPingsKeepTheConnection) {
  auto o = options();
  o.keep_alive = 2s;
  harness_.start(o);
  broker_.handshake();
  for (int i = 0; i < 2; ++i) {
    const auto ping = broker_.read(3s);
    ASSERT_TRUE(ping.has_value());
    ASSERT_EQ(ping->header.type, packet::Type::pingreq);
    broker_.send("\xD0\x00"s);
  }
  EXPECT_FALSE(harness_.event(Kind::connection_lost, 10ms).has_value());
}

TEST_F(AckingSubscriberProtocolTest, InFlightLimitPausesReading) {
  auto o = options();
  o.max_in_flight = 2;
  auto& subscriber = harness_.start(o);
  broker_.handshake();
  for (std::uint16_t id = 1; id <= 5; ++id) {
    broker_.send(FakeBroker::publish(1, "saveeye/telemetry", id, std::to_string(id)));
  }
  auto messages = harness_.messages(3, 300ms);
  ASSERT_EQ(messages.size(), 2U) << "only max_in_flight messages are delivered";
  EXPECT_EQ(subscriber.in_flight(), 2U);
  subscriber.ack(messages[1].tag);
  EXPECT_EQ(harness_.messages(3, 300ms).size(), 2U) << "message 1 still holds the window";
  subscriber.ack(messages[0].tag);
  messages = harness_.messages(4);
  ASSERT_EQ(messages.size(), 4U);
  EXPECT_EQ(messages[2].payload, "3");
  subscriber.ack(messages[2].tag);
  subscriber.ack(messages[3].tag);
  messages = harness_.messages(5);
  ASSERT_EQ(messages.size(), 5U);
  subscriber.ack(messages[4].tag);
  for (std::uint16_t id = 1; id <= 5; ++id) {
    expect_packet(puback(id));
  }
}

TEST_F(AckingSubscriberProtocolTest, OversizedPayloadIsSkippedNotBuffered) {
  auto o = options();
  o.max_payload_bytes = 1000;
  auto& subscriber = harness_.start(o);
  broker_.handshake();
  const auto big = FakeBroker::publish(1, "saveeye/telemetry", 1, std::string(300000, 'x'));
  // In pieces, as a network delivers it, followed by a normal message.
  for (std::size_t at = 0; at < big.size(); at += 70000) {
    broker_.send(std::string_view(big).substr(at, 70000));
  }
  broker_.send(FakeBroker::publish(1, "saveeye/telemetry", 2, "small"));
  const auto messages = harness_.messages(2);
  ASSERT_EQ(messages.size(), 2U);
  EXPECT_TRUE(messages[0].truncated());
  EXPECT_TRUE(messages[0].payload.empty());
  EXPECT_EQ(messages[0].payload_size, 300000U);
  EXPECT_EQ(messages[1].payload, "small");
  subscriber.ack(messages[0].tag);
  subscriber.ack(messages[1].tag);
  expect_packet(puback(1));
  expect_packet(puback(2));
}

TEST_F(AckingSubscriberProtocolTest, PacketsSplitAcrossReadsAndLargePayloads) {
  auto& subscriber = harness_.start(options());
  broker_.handshake();
  const std::string payload(200000, 'p');
  const auto bytes = FakeBroker::publish(1, "saveeye/telemetry", 1, payload) +
                     FakeBroker::publish(1, "saveeye/telemetry", 2, "next");
  for (const char c : bytes.substr(0, 8)) {
    broker_.send(std::string(1, c));  // the header byte by byte
  }
  broker_.send(bytes.substr(8));
  const auto messages = harness_.messages(2);
  ASSERT_EQ(messages.size(), 2U);
  EXPECT_EQ(messages[0].payload, payload);
  EXPECT_EQ(messages[1].payload, "next");
  subscriber.ack(messages[0].tag);
  expect_packet(puback(1));
}

TEST_F(AckingSubscriberProtocolTest, GracefulStopAcknowledgesWhatIsDoneThenDisconnects) {
  auto& subscriber = harness_.start(options());
  broker_.handshake();
  broker_.send(FakeBroker::publish(1, "saveeye/telemetry", 1, "one"));
  broker_.send(FakeBroker::publish(1, "saveeye/telemetry", 2, "two"));
  const auto messages = harness_.messages(2);
  ASSERT_EQ(messages.size(), 2U);
  std::thread late_acks([&] {
    std::this_thread::sleep_for(200ms);
    // Arrives during the stop, like Kafka deliveries still in flight at SIGTERM.
    broker_.send(FakeBroker::publish(1, "saveeye/telemetry", 3, "three"));
    subscriber.ack(messages[1].tag);
    subscriber.ack(messages[0].tag);
  });
  const auto start = std::chrono::steady_clock::now();
  harness_.stop(subscriber);
  late_acks.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  expect_packet(puback(1));
  expect_packet(puback(2));
  expect_packet("\xE0\x00"s);
  EXPECT_TRUE(broker_.wait_closed());
  EXPECT_EQ(harness_.messages(3, 100ms).size(), 2U) << "nothing is delivered while stopping";
  EXPECT_FALSE(broker_.accept(300ms)) << "no reconnect after stop";
}

TEST_F(AckingSubscriberProtocolTest, StopGivesUpOnUnfinishedMessagesAtTheDeadline) {
  auto& subscriber = harness_.start(options());
  broker_.handshake();
  broker_.send(FakeBroker::publish(1, "saveeye/telemetry", 1, "never acknowledged"));
  ASSERT_EQ(harness_.messages(1).size(), 1U);
  const auto start = std::chrono::steady_clock::now();
  harness_.stop(subscriber, 300ms);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  expect_packet("\xE0\x00"s);
}

TEST_F(AckingSubscriberProtocolTest, StopWhileTheBrokerIsAwayEndsTheRetries) {
  auto o = options();
  o.min_reconnect_delay = 10s;
  auto& subscriber = harness_.start(o);
  broker_.handshake(3);
  ASSERT_TRUE(harness_.event(Kind::refused).has_value());
  const auto start = std::chrono::steady_clock::now();
  harness_.stop(subscriber);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
}

}  // namespace
}  // namespace core::mqtt
