#include "fake_broker.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <stdexcept>

namespace core::mqtt::test_support {

FakeBroker::FakeBroker() {
  listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (listener_ < 0 || ::bind(listener_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      ::listen(listener_, 4) != 0 ||
      ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    throw std::runtime_error("fake broker: cannot listen on loopback");
  }
  port_ = ntohs(address.sin_port);
}

FakeBroker::~FakeBroker() {
  drop_client();
  ::close(listener_);
}

std::string FakeBroker::uri() const {
  return "tcp://127.0.0.1:" + std::to_string(port_);
}

bool FakeBroker::accept(std::chrono::milliseconds timeout) {
  drop_client();
  pollfd entry{listener_, POLLIN, 0};
  if (::poll(&entry, 1, static_cast<int>(timeout.count())) != 1) {
    return false;
  }
  client_ = ::accept(listener_, nullptr, nullptr);
  return client_ >= 0;
}

bool FakeBroker::wait_readable(std::chrono::milliseconds timeout) const {
  pollfd entry{client_, POLLIN, 0};
  return ::poll(&entry, 1, static_cast<int>(timeout.count())) == 1;
}

std::optional<Packet> FakeBroker::read(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (const auto header = packet::read_fixed_header(input_)) {
      const auto total = header->size + header->remaining_length;
      if (input_.size() >= total) {
        Packet packet{*header, input_.substr(header->size, header->remaining_length)};
        input_.erase(0, total);
        return packet;
      }
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (client_ < 0 || left.count() <= 0 || !wait_readable(left)) {
      return std::nullopt;
    }
    std::array<char, 65536> chunk{};
    const auto count = ::recv(client_, chunk.data(), chunk.size(), 0);
    if (count <= 0) {
      return std::nullopt;
    }
    input_.append(chunk.data(), static_cast<std::size_t>(count));
  }
}

bool FakeBroker::wait_closed(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (client_ >= 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !wait_readable(left)) {
      return false;
    }
    std::array<char, 4096> chunk{};
    if (::recv(client_, chunk.data(), chunk.size(), 0) <= 0) {
      return true;
    }
  }
  return true;
}

void FakeBroker::send(std::string_view bytes) {
  while (!bytes.empty()) {
    const auto sent = ::send(client_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent <= 0) {
      throw std::runtime_error("fake broker: send failed");
    }
    bytes.remove_prefix(static_cast<std::size_t>(sent));
  }
}

void FakeBroker::drop_client() {
  if (client_ >= 0) {
    ::close(client_);
    client_ = -1;
  }
  input_.clear();
}

std::pair<Packet, Packet> FakeBroker::handshake(std::uint8_t connack_code,
                                                std::optional<std::string> suback_codes) {
  if (!accept()) {
    throw std::runtime_error("fake broker: no client connected");
  }
  auto connect = read();
  if (!connect || connect->header.type != packet::Type::connect) {
    throw std::runtime_error("fake broker: expected CONNECT");
  }
  send(std::string{'\x20', '\x02', '\x00', static_cast<char>(connack_code)});
  if (connack_code != 0) {
    return {*connect, {}};
  }
  auto subscribe = read();
  if (!subscribe || subscribe->header.type != packet::Type::subscribe) {
    throw std::runtime_error("fake broker: expected SUBSCRIBE");
  }
  std::string codes = suback_codes.value_or("");
  if (!suback_codes) {
    // Every filter is followed by its requested QoS byte; grant QoS 1 for each.
    std::size_t at = 2;
    while (at < subscribe->body.size()) {
      const auto length = static_cast<std::size_t>(static_cast<std::uint8_t>(subscribe->body[at]))
                              << 8U |
                          static_cast<std::uint8_t>(subscribe->body[at + 1]);
      at += 2 + length + 1;
      codes += '\x01';
    }
  }
  std::string suback{'\x90', static_cast<char>(2 + codes.size())};
  suback += subscribe->body.substr(0, 2);
  suback += codes;
  send(suback);
  return {*connect, *subscribe};
}

std::string FakeBroker::publish(std::uint8_t qos, std::string_view topic, std::uint16_t packet_id,
                                std::string_view payload, bool duplicate) {
  std::string rest;
  rest += static_cast<char>(topic.size() >> 8U);
  rest += static_cast<char>(topic.size() & 0xFFU);
  rest += topic;
  if (qos > 0) {
    rest += static_cast<char>(packet_id >> 8U);
    rest += static_cast<char>(packet_id & 0xFFU);
  }
  rest += payload;
  const auto flags =
      static_cast<std::uint8_t>(static_cast<unsigned>(qos) << 1U | (duplicate ? 0x8U : 0x0U));
  std::string out(1, static_cast<char>(0x30U | flags));
  auto length = rest.size();
  do {
    auto digit = static_cast<std::uint8_t>(length % 128);
    length /= 128;
    out += static_cast<char>(length > 0 ? digit | 0x80U : digit);
  } while (length > 0);
  return out + rest;
}

}  // namespace core::mqtt::test_support
