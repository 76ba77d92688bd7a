#include "core/mqtt/packet.hpp"

#include <array>

namespace core::mqtt::packet {
namespace {

std::uint8_t byte_at(std::string_view data, std::size_t index) {
  return static_cast<std::uint8_t>(data[index]);
}

std::uint16_t u16_at(std::string_view data, std::size_t index) {
  return static_cast<std::uint16_t>(byte_at(data, index) << 8U | byte_at(data, index + 1));
}

void append_u16(std::string& out, std::size_t value) {
  out.push_back(static_cast<char>(value >> 8U & 0xFFU));
  out.push_back(static_cast<char>(value & 0xFFU));
}

// A length-prefixed string or binary field; MQTT limits them to 65535 bytes.
void append_field(std::string& out, std::string_view field, std::string_view what) {
  if (field.size() > 0xFFFF) {
    throw std::invalid_argument("MQTT " + std::string(what) + " longer than 65535 bytes");
  }
  append_u16(out, field.size());
  out.append(field);
}

void append_remaining_length(std::string& out, std::size_t length) {
  if (length > kMaxRemainingLength) {
    throw std::invalid_argument("MQTT packet longer than the protocol allows");
  }
  do {
    auto digit = static_cast<std::uint8_t>(length % 128);
    length /= 128;
    if (length > 0) {
      digit |= 0x80U;
    }
    out.push_back(static_cast<char>(digit));
  } while (length > 0);
}

std::string with_fixed_header(std::uint8_t first_byte, std::string_view rest) {
  std::string out;
  out.reserve(rest.size() + 5);
  out.push_back(static_cast<char>(first_byte));
  append_remaining_length(out, rest.size());
  out.append(rest);
  return out;
}

// The fixed-header flags each packet type must carry (section 2.2.2); PUBLISH has its own.
std::uint8_t required_flags(Type type) {
  switch (type) {
    case Type::pubrel:
    case Type::subscribe:
    case Type::unsubscribe:
      return 0x2;
    default:
      return 0x0;
  }
}

void expect_length(const FixedHeader& header, std::uint32_t length) {
  if (header.remaining_length != length) {
    throw MalformedPacket(std::string(type_name(header.type)) + " with remaining length " +
                          std::to_string(header.remaining_length) + " instead of " +
                          std::to_string(length));
  }
}

bool continuation(std::string_view text, std::size_t index, std::uint8_t low = 0x80,
                  std::uint8_t high = 0xBF) {
  if (index >= text.size()) {
    return false;
  }
  const auto b = byte_at(text, index);
  return b >= low && b <= high;
}

}  // namespace

std::string_view type_name(Type type) {
  static constexpr std::array<std::string_view, 16> kNames = {
      "reserved(0)", "CONNECT",  "CONNACK",    "PUBLISH",     "PUBACK",      "PUBREC",
      "PUBREL",      "PUBCOMP",  "SUBSCRIBE",  "SUBACK",      "UNSUBSCRIBE", "UNSUBACK",
      "PINGREQ",     "PINGRESP", "DISCONNECT", "reserved(15)"};
  return kNames[static_cast<std::size_t>(type) & 0xFU];
}

std::optional<FixedHeader> read_fixed_header(std::string_view data) {
  if (data.empty()) {
    return std::nullopt;
  }
  const auto first = byte_at(data, 0);
  const auto type_bits = static_cast<std::uint8_t>(first >> 4U);
  if (type_bits == 0 || type_bits == 15) {
    throw MalformedPacket("reserved packet type " + std::to_string(type_bits));
  }
  FixedHeader header;
  header.type = static_cast<Type>(type_bits);
  header.flags = static_cast<std::uint8_t>(first & 0x0FU);
  if (header.type != Type::publish && header.flags != required_flags(header.type)) {
    throw MalformedPacket(std::string(type_name(header.type)) + " with invalid flags " +
                          std::to_string(header.flags));
  }
  std::uint32_t multiplier = 1;
  for (std::size_t i = 1; i <= 4; ++i) {
    if (i >= data.size()) {
      return std::nullopt;
    }
    const auto digit = byte_at(data, i);
    header.remaining_length += (digit & 0x7FU) * multiplier;
    if ((digit & 0x80U) == 0) {
      header.size = i + 1;
      return header;
    }
    multiplier *= 128;
  }
  throw MalformedPacket("remaining length field longer than four bytes");
}

std::string connect(const ConnectRequest& request) {
  std::string rest;
  append_field(rest, "MQTT", "protocol name");
  rest.push_back(4);  // protocol level 4: MQTT 3.1.1
  std::uint8_t flags = request.clean_session ? 0x02 : 0x00;
  if (!request.username.empty()) {
    flags |= 0xC0U;  // user name and password
  }
  rest.push_back(static_cast<char>(flags));
  append_u16(rest, request.keep_alive_seconds);
  append_field(rest, request.client_id, "client id");
  if (!request.username.empty()) {
    append_field(rest, request.username, "user name");
    append_field(rest, request.password, "password");
  }
  return with_fixed_header(0x10, rest);
}

std::string subscribe(std::uint16_t packet_id, const std::vector<std::string>& filters,
                      std::uint8_t qos) {
  if (filters.empty()) {
    throw std::invalid_argument("MQTT SUBSCRIBE needs at least one topic filter");
  }
  std::string rest;
  append_u16(rest, packet_id);
  for (const auto& filter : filters) {
    append_field(rest, filter, "topic filter");
    rest.push_back(static_cast<char>(qos));
  }
  return with_fixed_header(0x82, rest);
}

void append_puback(std::string& out, std::uint16_t packet_id) {
  out.push_back(static_cast<char>(0x40));
  out.push_back(2);
  append_u16(out, packet_id);
}

std::string_view connack_reason(std::uint8_t return_code) {
  switch (return_code) {
    case 0:
      return "connection accepted";
    case 1:
      return "unacceptable protocol version";
    case 2:
      return "client identifier rejected";
    case 3:
      return "server unavailable";
    case 4:
      return "bad user name or password";
    case 5:
      return "not authorized";
    default:
      return "reserved return code";
  }
}

Connack parse_connack(const FixedHeader& header, std::string_view body) {
  expect_length(header, 2);
  const auto acknowledge_flags = byte_at(body, 0);
  if ((acknowledge_flags & 0xFEU) != 0) {
    throw MalformedPacket("CONNACK with reserved acknowledge flags set");
  }
  return {(acknowledge_flags & 0x01U) != 0, byte_at(body, 1)};
}

Suback parse_suback(const FixedHeader& header, std::string_view body) {
  if (header.remaining_length < 3) {
    throw MalformedPacket("SUBACK without return codes");
  }
  Suback suback;
  suback.packet_id = u16_at(body, 0);
  for (std::size_t i = 2; i < header.remaining_length; ++i) {
    const auto code = byte_at(body, i);
    if (code > 2 && code != kSubscriptionRefused) {
      throw MalformedPacket("SUBACK with invalid return code " + std::to_string(code));
    }
    suback.return_codes.push_back(code);
  }
  return suback;
}

std::optional<PublishHeader> parse_publish_header(const FixedHeader& header,
                                                  std::string_view body) {
  PublishHeader publish;
  publish.qos = static_cast<std::uint8_t>(header.flags >> 1U & 0x3U);
  publish.duplicate = (header.flags & 0x8U) != 0;
  publish.retain = (header.flags & 0x1U) != 0;
  if (publish.qos == 3) {
    throw MalformedPacket("PUBLISH with QoS 3");
  }
  if (publish.qos == 0 && publish.duplicate) {
    throw MalformedPacket("PUBLISH with DUP set on QoS 0");
  }
  if (header.remaining_length < 2) {
    throw MalformedPacket("PUBLISH without a topic");
  }
  if (body.size() < 2) {
    return std::nullopt;
  }
  const std::size_t topic_length = u16_at(body, 0);
  publish.size = 2 + topic_length + (publish.qos > 0 ? 2 : 0);
  if (header.remaining_length < publish.size) {
    throw MalformedPacket("PUBLISH shorter than its variable header");
  }
  if (body.size() < publish.size) {
    return std::nullopt;
  }
  publish.topic = body.substr(2, topic_length);
  if (publish.topic.empty() || !valid_mqtt_string(publish.topic) ||
      publish.topic.find_first_of("+#") != std::string_view::npos) {
    throw MalformedPacket("PUBLISH with an invalid topic name");
  }
  if (publish.qos > 0) {
    publish.packet_id = u16_at(body, 2 + topic_length);
    if (publish.packet_id == 0) {
      throw MalformedPacket("PUBLISH with packet identifier 0");
    }
  }
  publish.payload_size = header.remaining_length - publish.size;
  return publish;
}

void check_pingresp(const FixedHeader& header) {
  expect_length(header, 0);
}

bool valid_mqtt_string(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto b = byte_at(text, i);
    std::size_t length = 0;
    bool ok = true;
    if (b == 0) {
      return false;
    } else if (b < 0x80) {
      length = 1;
    } else if (b >= 0xC2 && b <= 0xDF) {
      length = 2;
      ok = continuation(text, i + 1);
    } else if (b >= 0xE0 && b <= 0xEF) {
      // Overlong forms (E0 80..9F) and UTF-16 surrogates (ED A0..BF) are not UTF-8.
      length = 3;
      const auto low = b == 0xE0 ? std::uint8_t{0xA0} : std::uint8_t{0x80};
      const auto high = b == 0xED ? std::uint8_t{0x9F} : std::uint8_t{0xBF};
      ok = continuation(text, i + 1, low, high) && continuation(text, i + 2);
    } else if (b >= 0xF0 && b <= 0xF4) {
      // Overlong forms (F0 80..8F) and code points above U+10FFFF (F4 90..) are invalid.
      length = 4;
      const auto low = b == 0xF0 ? std::uint8_t{0x90} : std::uint8_t{0x80};
      const auto high = b == 0xF4 ? std::uint8_t{0x8F} : std::uint8_t{0xBF};
      ok = continuation(text, i + 1, low, high) && continuation(text, i + 2) &&
           continuation(text, i + 3);
    } else {
      return false;
    }
    if (!ok) {
      return false;
    }
    i += length;
  }
  return true;
}

}  // namespace core::mqtt::packet
