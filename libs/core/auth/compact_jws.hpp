#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace core::auth {

// A JWS in compact serialization (RFC 7515 section 7.1), decoded but not verified.
struct CompactJws {
  std::string_view signing_input;  // "<header>.<payload>" exactly as sent: what was signed
  boost::json::object header;
  boost::json::object payload;
  std::string signature;
};

// nullopt unless the token has three dot-separated base64url parts whose first two are JSON
// objects. The result's signing_input points into token.
std::optional<CompactJws> parse_compact_jws(std::string_view token);

}  // namespace core::auth
