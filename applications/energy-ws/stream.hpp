#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace energy_ws {

// The streams a client can subscribe to (contracts/energy-ws.md section 3).
enum class Stream : std::uint8_t { energy, temperature, heatpump };

inline constexpr std::size_t kStreamCount = 3;
inline constexpr std::array<Stream, kStreamCount> kAllStreams = {
    Stream::energy, Stream::temperature, Stream::heatpump};

std::string_view stream_name(Stream stream);
// The scope a token needs to receive the stream ("read:energy").
std::string_view stream_scope(Stream stream);
std::optional<Stream> stream_named(std::string_view name);
inline std::size_t stream_index(Stream stream) {
  return static_cast<std::size_t>(stream);
}

// A set of streams, small enough to copy.
class StreamSet {
 public:
  bool contains(Stream stream) const { return (bits_ & bit(stream)) != 0; }
  void add(Stream stream) { bits_ = static_cast<std::uint8_t>(bits_ | bit(stream)); }
  void remove(Stream stream) { bits_ = static_cast<std::uint8_t>(bits_ & ~bit(stream)); }

 private:
  static std::uint8_t bit(Stream stream) {
    return static_cast<std::uint8_t>(1U << stream_index(stream));
  }
  std::uint8_t bits_ = 0;
};

}  // namespace energy_ws
