#include "client_frame.hpp"

#include <boost/json/parse.hpp>

namespace energy_ws {

std::variant<ClientFrame, BadRequest> parse_client_frame(std::string_view text) {
  boost::system::error_code ec;
  const auto value = boost::json::parse(text, ec);
  if (ec || !value.is_object()) {
    return BadRequest{"frame is not a JSON object"};
  }
  const auto& object = value.get_object();
  const auto* type = object.if_contains("type");
  if (type == nullptr || !type->is_string()) {
    return BadRequest{"frame has no string member 'type'"};
  }
  ClientFrame frame;
  const auto& name = type->get_string();
  if (name == "ping") {
    frame.type = ClientFrame::Type::ping;
    return frame;
  }
  if (name == "subscribe") {
    frame.type = ClientFrame::Type::subscribe;
  } else if (name == "unsubscribe") {
    frame.type = ClientFrame::Type::unsubscribe;
  } else {
    return BadRequest{"unknown frame type '" + std::string(name) + "'"};
  }
  const auto* streams = object.if_contains("streams");
  if (streams == nullptr || !streams->is_array()) {
    return BadRequest{"'streams' must be an array of strings"};
  }
  for (const auto& stream : streams->get_array()) {
    if (!stream.is_string()) {
      return BadRequest{"'streams' must be an array of strings"};
    }
    frame.streams.emplace_back(stream.get_string());
  }
  return frame;
}

}  // namespace energy_ws
