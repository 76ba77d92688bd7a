#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace energy_ws {

// A frame a client sent (contracts/energy-ws.md section 4). Stream names are kept as sent, so
// that unknown ones can be named in the reply.
struct ClientFrame {
  enum class Type { subscribe, unsubscribe, ping };
  Type type = Type::ping;
  std::vector<std::string> streams;  // subscribe and unsubscribe
};

// Why a text frame is a bad_request; the message goes to the client.
struct BadRequest {
  std::string message;
};

std::variant<ClientFrame, BadRequest> parse_client_frame(std::string_view text);

}  // namespace energy_ws
