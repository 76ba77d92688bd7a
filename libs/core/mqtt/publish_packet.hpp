#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/mqtt/packet.hpp"

// MQTT 3.1.1 packets of the publishing side (async_publisher.hpp): QoS 1 PUBLISH and the PUBACK
// that answers it (OASIS MQTT 3.1.1 sections 3.3 and 3.4). The rest of the codec is packet.hpp.
namespace core::mqtt::publish_packet {

// Replaces `out` with a QoS 1 PUBLISH without retain, reusing its capacity. Throws
// std::invalid_argument for a topic that is empty, too long, not UTF-8 or has wildcards.
void encode_qos1(std::string& out, std::string_view topic, std::string_view payload,
                 std::uint16_t packet_id);
// Sets the DUP flag of an encoded PUBLISH: a resend of a message the broker may have received.
void mark_duplicate(std::string& encoded);
// The packet id of a PUBACK; `body` is the packet after its fixed header. Throws
// packet::MalformedPacket for a body that is not exactly a non-zero packet id.
std::uint16_t parse_puback(const packet::FixedHeader& header, std::string_view body);

}  // namespace core::mqtt::publish_packet
