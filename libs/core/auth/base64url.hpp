#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace core::auth {

// Decodes unpadded base64url (RFC 7515 section 2), the encoding of every JWS part and JWK member.
// nullopt for padding, whitespace, characters outside the alphabet or an impossible length.
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace core::auth
