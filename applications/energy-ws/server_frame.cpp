#include "server_frame.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "core/time/rfc3339.hpp"

namespace energy_ws {

std::string data_frame(Stream stream, std::string_view value, Clock::time_point sent) {
  // Spliced by hand: the frame is built once per record for every client, and the contract wants
  // the value verbatim. Stream names and timestamps need no JSON escaping.
  constexpr std::string_view kHead = R"({"type":"data","stream":")";
  constexpr std::string_view kTimestamp = R"(","timestamp":")";
  constexpr std::string_view kData = R"(","data":)";
  const auto name = stream_name(stream);
  const auto timestamp = core::time::format_rfc3339_ms(sent);
  std::string frame;
  frame.reserve(kHead.size() + name.size() + kTimestamp.size() + timestamp.size() + kData.size() +
                value.size() + 1);
  frame.append(kHead).append(name).append(kTimestamp).append(timestamp).append(kData);
  frame.append(value).push_back('}');
  return frame;
}

std::string streams_frame(std::string_view type, const std::vector<Stream>& streams) {
  boost::json::array names;
  for (const auto stream : streams) {
    names.emplace_back(stream_name(stream));
  }
  return boost::json::serialize(boost::json::object{{"type", type}, {"streams", std::move(names)}});
}

std::string pong_frame(Clock::time_point sent) {
  return boost::json::serialize(
      boost::json::object{{"type", "pong"}, {"timestamp", core::time::format_rfc3339_ms(sent)}});
}

std::string error_frame(std::string_view code, std::string_view message) {
  return boost::json::serialize(
      boost::json::object{{"type", "error"}, {"code", code}, {"message", message}});
}

}  // namespace energy_ws
