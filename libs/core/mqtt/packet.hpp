#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

// MQTT 3.1.1 packet encoding and decoding for the subscriber side of a client
// (acking_subscriber.hpp): the packets a subscriber sends, and validation of every packet a
// broker may send it. Byte layouts follow the OASIS MQTT 3.1.1 standard, section 2 and 3.
namespace core::mqtt::packet {

enum class Type : std::uint8_t {
  connect = 1,
  connack = 2,
  publish = 3,
  puback = 4,
  pubrec = 5,
  pubrel = 6,
  pubcomp = 7,
  subscribe = 8,
  suback = 9,
  unsubscribe = 10,
  unsuback = 11,
  pingreq = 12,
  pingresp = 13,
  disconnect = 14,
};

// CONNECT, SUBSCRIBE, PUBLISH...: for log lines.
std::string_view type_name(Type type);

// A packet that breaks MQTT 3.1.1. The connection it arrived on cannot be trusted any more.
class MalformedPacket : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The largest remaining length four length bytes can encode.
inline constexpr std::uint32_t kMaxRemainingLength = 268'435'455;

struct FixedHeader {
  Type type = Type::connect;
  std::uint8_t flags = 0;  // the low four bits of the first byte
  std::uint32_t remaining_length = 0;
  std::size_t size = 0;  // bytes of the fixed header itself, 2..5
};

// The fixed header at the start of `data`, or nullopt while it is incomplete. Throws
// MalformedPacket for a reserved packet type, flags that the type does not allow, or a length
// field longer than four bytes.
std::optional<FixedHeader> read_fixed_header(std::string_view data);

struct ConnectRequest {
  std::string_view client_id;
  std::string_view username;  // empty: no user name and no password
  std::string_view password;
  std::uint16_t keep_alive_seconds = 30;
  bool clean_session = false;
};

std::string connect(const ConnectRequest& request);
// One SUBSCRIBE for every filter, each at `qos`.
std::string subscribe(std::uint16_t packet_id, const std::vector<std::string>& filters,
                      std::uint8_t qos);
void append_puback(std::string& out, std::uint16_t packet_id);
inline constexpr std::string_view kPingreq{"\xC0\x00", 2};
inline constexpr std::string_view kDisconnect{"\xE0\x00", 2};

// CONNACK return codes (section 3.2.2.3).
inline constexpr std::uint8_t kConnectionAccepted = 0;
// What a refused CONNACK means, for the operator.
std::string_view connack_reason(std::uint8_t return_code);

struct Connack {
  bool session_present = false;
  std::uint8_t return_code = 0;
};
// `body` is the packet after its fixed header.
Connack parse_connack(const FixedHeader& header, std::string_view body);

// SUBACK return codes: the granted QoS, or kSubscriptionRefused.
inline constexpr std::uint8_t kSubscriptionRefused = 0x80;

struct Suback {
  std::uint16_t packet_id = 0;
  std::vector<std::uint8_t> return_codes;  // one per filter, in SUBSCRIBE order
};
Suback parse_suback(const FixedHeader& header, std::string_view body);

// The variable header of a PUBLISH: everything before the payload.
struct PublishHeader {
  std::string_view topic;       // a view into the body given to parse_publish_header
  std::uint16_t packet_id = 0;  // 0 for QoS 0
  std::uint8_t qos = 0;
  bool duplicate = false;
  bool retain = false;
  std::size_t size = 0;  // bytes of the variable header
  std::size_t payload_size = 0;
};
// Reads the variable header from the start of a PUBLISH body, which may hold only part of the
// packet: nullopt while `body` is too short for the variable header. Throws MalformedPacket for
// QoS 3, DUP on QoS 0, a zero packet id, or a topic that is empty, not UTF-8 or has wildcards.
std::optional<PublishHeader> parse_publish_header(const FixedHeader& header, std::string_view body);

void check_pingresp(const FixedHeader& header);

// Well-formed UTF-8 without U+0000, as MQTT requires of topic names (section 1.5.3).
bool valid_mqtt_string(std::string_view text);

}  // namespace core::mqtt::packet
