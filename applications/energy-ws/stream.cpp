#include "stream.hpp"

namespace energy_ws {

std::string_view stream_name(Stream stream) {
  switch (stream) {
    case Stream::energy:
      return "energy";
    case Stream::temperature:
      return "temperature";
    case Stream::heatpump:
      return "heatpump";
  }
  return "unknown";
}

std::string_view stream_scope(Stream stream) {
  switch (stream) {
    case Stream::energy:
      return "read:energy";
    case Stream::temperature:
      return "read:temperature";
    case Stream::heatpump:
      return "read:heatpump";
  }
  return "unknown";
}

std::optional<Stream> stream_named(std::string_view name) {
  for (const auto stream : kAllStreams) {
    if (stream_name(stream) == name) {
      return stream;
    }
  }
  return std::nullopt;
}

}  // namespace energy_ws
