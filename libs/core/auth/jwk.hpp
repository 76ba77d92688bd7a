#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/auth/public_key.hpp"

namespace core::auth {

struct Jwk {
  std::string kid;  // empty when the JWK has none
  PublicKey key;
};

// An RSA or EC P-256 signature key from a JWK (RFC 7517/7518). Throws std::invalid_argument naming
// the reason for every other key: another type or curve, an "alg" other than the one the key type
// is pinned to, "use" other than "sig", missing or malformed members.
Jwk parse_jwk(const boost::json::object& jwk);

struct JwkSet {
  std::vector<Jwk> keys;
  std::vector<std::string> skipped;  // "kid 'x': <reason>" for every key that was left out
};

// The usable keys of a JWKS document ({"keys": [...]}). A key that cannot be used is skipped, as
// is a second key with the same kid; throws std::invalid_argument when the document itself is
// not a JWKS.
JwkSet parse_jwk_set(std::string_view document);

}  // namespace core::auth
