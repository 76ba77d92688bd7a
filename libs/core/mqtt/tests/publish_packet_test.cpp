// The QoS 1 PUBLISH and PUBACK codec, byte for byte against the fake broker's own encoder.
#include "core/mqtt/publish_packet.hpp"

#include <gtest/gtest.h>

#include <string>

#include "fake_broker.hpp"

namespace core::mqtt::publish_packet {
namespace {

using test_support::FakeBroker;

TEST(PublishPacketTest, EncodesQosOnePublish) {
  std::string out = "left over from an earlier message";
  encode_qos1(out, "saveeye/telemetry", R"({"a":1})", 7);
  EXPECT_EQ(out, FakeBroker::publish(1, "saveeye/telemetry", 7, R"({"a":1})"));
}

TEST(PublishPacketTest, EncodesMultiByteRemainingLength) {
  const std::string payload(20000, 'x');
  std::string out;
  encode_qos1(out, "t", payload, 65535);
  EXPECT_EQ(out, FakeBroker::publish(1, "t", 65535, payload));
  EXPECT_EQ(out.substr(1, 3), "\xA5\x9C\x01");  // 20005 in three length bytes
}

TEST(PublishPacketTest, MarkDuplicateSetsDup) {
  std::string out;
  encode_qos1(out, "a/b", "p", 3);
  mark_duplicate(out);
  EXPECT_EQ(out, FakeBroker::publish(1, "a/b", 3, "p", true));
}

TEST(PublishPacketTest, RejectsTopicsThatCannotBePublishedTo) {
  std::string out;
  EXPECT_THROW(encode_qos1(out, "", "p", 1), std::invalid_argument);
  EXPECT_THROW(encode_qos1(out, "a/+", "p", 1), std::invalid_argument);
  EXPECT_THROW(encode_qos1(out, "a/#", "p", 1), std::invalid_argument);
  EXPECT_THROW(encode_qos1(out, std::string("a\0b", 3), "p", 1), std::invalid_argument);
  EXPECT_THROW(encode_qos1(out, "a", "p", 0), std::invalid_argument);
}

TEST(PublishPacketTest, ParsesPuback) {
  const std::string bytes{'\x40', '\x02', '\x12', '\x34'};
  const auto header = packet::read_fixed_header(bytes);
  ASSERT_TRUE(header);
  EXPECT_EQ(parse_puback(*header, bytes.substr(2)), 0x1234);
}

TEST(PublishPacketTest, RejectsMalformedPuback) {
  const std::string zero{'\x40', '\x02', '\x00', '\x00'};
  EXPECT_THROW(parse_puback(*packet::read_fixed_header(zero), zero.substr(2)),
               packet::MalformedPacket);
  const std::string long_body{'\x40', '\x03', '\x00', '\x01', '\x00'};
  EXPECT_THROW(parse_puback(*packet::read_fixed_header(long_body), long_body.substr(2)),
               packet::MalformedPacket);
}

}  // namespace
}  // namespace core::mqtt::publish_packet
