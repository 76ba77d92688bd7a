#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/mqtt/packet.hpp"

namespace core::mqtt::test_support {

// One packet as the fake broker read it.
struct Packet {
  packet::FixedHeader header;
  std::string body;  // everything after the fixed header
};

// A scripted MQTT broker on a loopback port, driven by the test thread with blocking calls that
// all take a timeout. It shows the bytes a client really sends, which a real broker hides.
class FakeBroker {
 public:
  FakeBroker();
  FakeBroker(const FakeBroker&) = delete;
  FakeBroker& operator=(const FakeBroker&) = delete;
  FakeBroker(FakeBroker&&) = delete;
  FakeBroker& operator=(FakeBroker&&) = delete;
  ~FakeBroker();

  std::string uri() const;

  // Accepts the next client connection, dropping the current one.
  bool accept(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // The next complete packet, or nullopt when none arrived in time or the client closed.
  std::optional<Packet> read(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // True once the client closed its side; packets still in flight before that are skipped.
  bool wait_closed(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  void send(std::string_view bytes);
  void drop_client();

  // Accept, CONNECT, CONNACK (return code), and unless refused SUBSCRIBE and SUBACK (codes
  // default to QoS 1 for every filter). Returns the CONNECT and SUBSCRIBE packets.
  std::pair<Packet, Packet> handshake(std::uint8_t connack_code = 0,
                                      std::optional<std::string> suback_codes = std::nullopt);

  static std::string publish(std::uint8_t qos, std::string_view topic, std::uint16_t packet_id,
                             std::string_view payload, bool duplicate = false);

 private:
  bool wait_readable(std::chrono::milliseconds timeout) const;

  int listener_ = -1;
  int client_ = -1;
  std::uint16_t port_ = 0;
  std::string input_;
};

}  // namespace core::mqtt::test_support
