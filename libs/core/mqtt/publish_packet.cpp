#include "core/mqtt/publish_packet.hpp"

#include <stdexcept>

namespace core::mqtt::publish_packet {
namespace {

constexpr std::uint8_t kPublishQos1 = 0x32;  // type 3, QoS 1 in bits 1-2, no DUP, no retain
constexpr std::uint8_t kDuplicateFlag = 0x08;

void append_u16(std::string& out, std::size_t value) {
  out.push_back(static_cast<char>(value >> 8U & 0xFFU));
  out.push_back(static_cast<char>(value & 0xFFU));
}

}  // namespace

void encode_qos1(std::string& out, std::string_view topic, std::string_view payload,
                 std::uint16_t packet_id) {
  if (topic.empty() || topic.size() > 0xFFFF || !packet::valid_mqtt_string(topic) ||
      topic.find_first_of("+#") != std::string_view::npos) {
    throw std::invalid_argument("MQTT topic '" + std::string(topic) + "' cannot be published to");
  }
  if (packet_id == 0) {
    throw std::invalid_argument("MQTT packet id 0 is reserved");
  }
  auto remaining = 2 + topic.size() + 2 + payload.size();
  if (remaining > packet::kMaxRemainingLength) {
    throw std::invalid_argument("MQTT payload longer than the protocol allows");
  }
  out.clear();
  out.push_back(static_cast<char>(kPublishQos1));
  do {
    auto digit = static_cast<std::uint8_t>(remaining % 128);
    remaining /= 128;
    if (remaining > 0) {
      digit |= 0x80U;
    }
    out.push_back(static_cast<char>(digit));
  } while (remaining > 0);
  append_u16(out, topic.size());
  out.append(topic);
  append_u16(out, packet_id);
  out.append(payload);
}

void mark_duplicate(std::string& encoded) {
  encoded[0] = static_cast<char>(static_cast<std::uint8_t>(encoded[0]) | kDuplicateFlag);
}

std::uint16_t parse_puback(const packet::FixedHeader& header, std::string_view body) {
  if (header.type != packet::Type::puback || body.size() != 2) {
    throw packet::MalformedPacket("PUBACK with remaining length " + std::to_string(body.size()) +
                                  " instead of 2");
  }
  const auto id = static_cast<std::uint16_t>(static_cast<std::uint8_t>(body[0]) << 8U |
                                             static_cast<std::uint8_t>(body[1]));
  if (id == 0) {
    throw packet::MalformedPacket("PUBACK with packet id 0");
  }
  return id;
}

}  // namespace core::mqtt::publish_packet
