#include "core/mqtt/packet.hpp"

#include <gtest/gtest.h>

#include <string>

#include "fake_broker.hpp"

namespace core::mqtt::packet {
namespace {

using namespace std::string_literals;
using test_support::FakeBroker;

PublishHeader parse_publish(const std::string& bytes) {
  const auto header = read_fixed_header(bytes);
  EXPECT_TRUE(header.has_value());
  const auto publish = parse_publish_header(*header, std::string_view(bytes).substr(header->size));
  EXPECT_TRUE(publish.has_value());
  return *publish;
}

TEST(PacketTest, ConnectWithCredentialsAndPersistentSession) {
  const auto bytes = connect({"c", "u", "p", 30, false});
  EXPECT_EQ(bytes,
            "\x10\x13\x00\x04MQTT\x04\xC0\x00\x1E\x00\x01"
            "c\x00\x01u\x00\x01p"s);
}

TEST(PacketTest, ConnectWithoutCredentialsAndCleanSession) {
  const auto bytes = connect({"id", "", "", 0, true});
  EXPECT_EQ(bytes, "\x10\x0E\x00\x04MQTT\x04\x02\x00\x00\x00\x02id"s);
}

TEST(PacketTest, ConnectRejectsOverlongFields) {
  const std::string long_id(70000, 'x');
  EXPECT_THROW(connect({long_id, "", "", 30, false}), std::invalid_argument);
}

TEST(PacketTest, SubscribeListsEveryFilterWithItsQos) {
  const auto bytes = subscribe(1, {"a/b", "+/events/rpc"}, 1);
  EXPECT_EQ(bytes,
            "\x82\x17\x00\x01\x00\x03"
            "a/b\x01\x00\x0C+/events/rpc\x01"s);
  EXPECT_THROW(subscribe(1, {}, 1), std::invalid_argument);
}

TEST(PacketTest, PubackCarriesThePacketId) {
  std::string out;
  append_puback(out, 0x1234);
  append_puback(out, 7);
  EXPECT_EQ(out, "\x40\x02\x12\x34\x40\x02\x00\x07"s);
}

TEST(PacketTest, PingAndDisconnect) {
  EXPECT_EQ(std::string(kPingreq), "\xC0\x00"s);
  EXPECT_EQ(std::string(kDisconnect), "\xE0\x00"s);
}

TEST(PacketTest, RemainingLengthBoundaries) {
  const std::pair<std::string, std::uint32_t> cases[] = {
      {"\xD0\x00"s, 0},
      {"\xD0\x7F"s, 127},
      {"\xD0\x80\x01"s, 128},
      {"\xD0\xFF\x7F"s, 16383},
      {"\xD0\x80\x80\x01"s, 16384},
      {"\xD0\xFF\xFF\xFF\x7F"s, kMaxRemainingLength},
  };
  for (const auto& [bytes, length] : cases) {
    const auto header = read_fixed_header(bytes);
    ASSERT_TRUE(header.has_value());
    EXPECT_EQ(header->type, Type::pingresp);
    EXPECT_EQ(header->remaining_length, length);
    EXPECT_EQ(header->size, bytes.size());
  }
}

TEST(PacketTest, IncompleteHeaderNeedsMoreBytes) {
  EXPECT_FALSE(read_fixed_header("").has_value());
  EXPECT_FALSE(read_fixed_header("\x30"s).has_value());
  EXPECT_FALSE(read_fixed_header("\x30\x80\x80"s).has_value());
}

TEST(PacketTest, MalformedFixedHeaders) {
  EXPECT_THROW(read_fixed_header("\x30\xFF\xFF\xFF\xFF\x01"s), MalformedPacket);
  EXPECT_THROW(read_fixed_header("\x00\x00"s), MalformedPacket);
  EXPECT_THROW(read_fixed_header("\xF0\x00"s), MalformedPacket);
  EXPECT_THROW(read_fixed_header("\x91\x03"s), MalformedPacket);  // SUBACK flags must be 0
  EXPECT_THROW(read_fixed_header("\x60\x02"s), MalformedPacket);  // PUBREL flags must be 2
  EXPECT_TRUE(read_fixed_header("\x62\x02"s).has_value());
}

TEST(PacketTest, Connack) {
  const auto header = *read_fixed_header("\x20\x02"s);
  const auto accepted = parse_connack(header, "\x01\x00"s);
  EXPECT_TRUE(accepted.session_present);
  EXPECT_EQ(accepted.return_code, kConnectionAccepted);
  const auto refused = parse_connack(header, "\x00\x05"s);
  EXPECT_FALSE(refused.session_present);
  EXPECT_EQ(refused.return_code, 5);
  EXPECT_EQ(connack_reason(4), "bad user name or password");
  EXPECT_EQ(connack_reason(5), "not authorized");
  EXPECT_EQ(connack_reason(42), "reserved return code");
  EXPECT_THROW(parse_connack(header, "\x02\x00"s), MalformedPacket);
  EXPECT_THROW(parse_connack(*read_fixed_header("\x20\x03"s), "\x00\x00\x00"s), MalformedPacket);
}

TEST(PacketTest, Suback) {
  const auto suback = parse_suback(*read_fixed_header("\x90\x04"s), "\x00\x01\x01\x80"s);
  EXPECT_EQ(suback.packet_id, 1);
  EXPECT_EQ(suback.return_codes, (std::vector<std::uint8_t>{1, kSubscriptionRefused}));
  EXPECT_THROW(parse_suback(*read_fixed_header("\x90\x03"s), "\x00\x01\x03"s), MalformedPacket);
  EXPECT_THROW(parse_suback(*read_fixed_header("\x90\x02"s), "\x00\x01"s), MalformedPacket);
}

TEST(PacketTest, PublishQosOneWithDupAndRetain) {
  auto bytes = FakeBroker::publish(1, "saveeye/telemetry", 0xBEEF, R"({"a":1})", true);
  bytes[0] = static_cast<char>(bytes[0] | 0x01);  // retain
  const auto publish = parse_publish(bytes);
  EXPECT_EQ(publish.topic, "saveeye/telemetry");
  EXPECT_EQ(publish.packet_id, 0xBEEF);
  EXPECT_EQ(publish.qos, 1);
  EXPECT_TRUE(publish.duplicate);
  EXPECT_TRUE(publish.retain);
  EXPECT_EQ(publish.size, 2 + 17 + 2U);
  EXPECT_EQ(publish.payload_size, 7U);
}

TEST(PacketTest, PublishQosZeroHasNoPacketId) {
  const auto publish = parse_publish(FakeBroker::publish(0, "t", 0, "payload"));
  EXPECT_EQ(publish.qos, 0);
  EXPECT_EQ(publish.packet_id, 0);
  EXPECT_EQ(publish.size, 3U);
  EXPECT_EQ(publish.payload_size, 7U);
}

TEST(PacketTest, PublishHeaderMayArriveInPieces) {
  const auto bytes = FakeBroker::publish(1, "topic/name", 9, std::string(300, 'x'));
  const auto header = *read_fixed_header(bytes);
  const auto body = std::string_view(bytes).substr(header.size);
  EXPECT_FALSE(parse_publish_header(header, body.substr(0, 1)).has_value());
  EXPECT_FALSE(parse_publish_header(header, body.substr(0, 13)).has_value());
  const auto publish = parse_publish_header(header, body.substr(0, 14));
  ASSERT_TRUE(publish.has_value());
  EXPECT_EQ(publish->topic, "topic/name");
  EXPECT_EQ(publish->payload_size, 300U);
}

TEST(PacketTest, MalformedPublish) {
  const auto rejects = [](const std::string& bytes) {
    const auto header = read_fixed_header(bytes);
    ASSERT_TRUE(header.has_value());
    EXPECT_THROW(parse_publish_header(*header, std::string_view(bytes).substr(header->size)),
                 MalformedPacket)
        << ::testing::PrintToString(bytes);
  };
  rejects(FakeBroker::publish(3, "t", 1, ""));            // QoS 3
  rejects(FakeBroker::publish(0, "t", 0, "", true));      // DUP on QoS 0
  rejects(FakeBroker::publish(1, "t", 0, ""));            // packet id 0
  rejects(FakeBroker::publish(1, "", 1, ""));             // empty topic
  rejects(FakeBroker::publish(1, "a/+/b", 1, ""));        // wildcard in a topic name
  rejects(FakeBroker::publish(1, "a/#", 1, ""));          // wildcard in a topic name
  rejects(FakeBroker::publish(1, "bad\xC0\x80", 1, ""));  // not UTF-8
  rejects(FakeBroker::publish(1, "nul\0"s, 1, ""));       // U+0000
  rejects("\x32\x01\x00"s);                               // shorter than a topic length
  rejects(
      "\x32\x04\x00\x05"
      "ab"s);  // topic longer than the packet
}

TEST(PacketTest, PingrespHasNoBody) {
  EXPECT_NO_THROW(check_pingresp(*read_fixed_header("\xD0\x00"s)));
  EXPECT_THROW(check_pingresp(*read_fixed_header("\xD0\x01"s)), MalformedPacket);
}

TEST(PacketTest, Utf8Validation) {
  EXPECT_TRUE(valid_mqtt_string("plain/ascii"));
  EXPECT_TRUE(valid_mqtt_string("v\xC3\xA4rme"));       // ä
  EXPECT_TRUE(valid_mqtt_string("\xE2\x82\xAC"));       // €
  EXPECT_TRUE(valid_mqtt_string("\xF0\x9F\x98\x80"));   // U+1F600
  EXPECT_TRUE(valid_mqtt_string("\xF4\x8F\xBF\xBF"));   // U+10FFFF
  EXPECT_FALSE(valid_mqtt_string("\xC0\x80"));          // overlong U+0000
  EXPECT_FALSE(valid_mqtt_string("\xE0\x80\xAF"));      // overlong '/'
  EXPECT_FALSE(valid_mqtt_string("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(valid_mqtt_string("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(valid_mqtt_string("\xE2\x82"));          // truncated
  EXPECT_FALSE(valid_mqtt_string("\x80"));              // lone continuation byte
  EXPECT_FALSE(valid_mqtt_string("\xFF"));
  EXPECT_FALSE(valid_mqtt_string("a\0b"s));
}

TEST(PacketTest, TypeNames) {
  EXPECT_EQ(type_name(Type::connack), "CONNACK");
  EXPECT_EQ(type_name(Type::unsuback), "UNSUBACK");
}

}  // namespace
}  // namespace core::mqtt::packet
