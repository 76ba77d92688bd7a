#include "core/auth/jwk.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <stdexcept>

#include "core/auth/base64url.hpp"

namespace core::auth {
namespace {

namespace json = boost::json;

// A string member, or nullopt when absent; throws when present with another type.
std::optional<std::string_view> optional_string(const json::object& jwk, std::string_view name) {
  const auto* value = jwk.if_contains(name);
  if (value == nullptr) {
    return std::nullopt;
  }
  if (!value->is_string()) {
    throw std::invalid_argument(std::string(name) + " is not a string");
  }
  return std::string_view(value->get_string());
}

std::string base64url_member(const json::object& jwk, std::string_view name) {
  const auto text = optional_string(jwk, name);
  if (!text) {
    throw std::invalid_argument(std::string(name) + " is missing");
  }
  auto decoded = base64url_decode(*text);
  if (!decoded || decoded->empty()) {
    throw std::invalid_argument(std::string(name) + " is not base64url");
  }
  return std::move(*decoded);
}

void require_alg(const json::object& jwk, std::string_view allowed) {
  if (const auto alg = optional_string(jwk, "alg"); alg && *alg != allowed) {
    throw std::invalid_argument("alg " + std::string(*alg) + " is not accepted for this key type");
  }
}

PublicKey key_of(const json::object& jwk) {
  const auto kty = optional_string(jwk, "kty").value_or("");
  if (kty == "RSA") {
    require_alg(jwk, "RS256");
    return PublicKey::rsa(base64url_member(jwk, "n"), base64url_member(jwk, "e"));
  }
  if (kty == "EC") {
    require_alg(jwk, "ES256");
    if (const auto crv = optional_string(jwk, "crv").value_or(""); crv != "P-256") {
      throw std::invalid_argument("curve '" + std::string(crv) + "' is not supported");
    }
    return PublicKey::p256(base64url_member(jwk, "x"), base64url_member(jwk, "y"));
  }
  throw std::invalid_argument("key type '" + std::string(kty) + "' is not supported");
}

}  // namespace

Jwk parse_jwk(const json::object& jwk) {
  if (const auto use = optional_string(jwk, "use"); use && *use != "sig") {
    throw std::invalid_argument("use '" + std::string(*use) + "' is not sig");
  }
  auto key = key_of(jwk);
  return {std::string(optional_string(jwk, "kid").value_or("")), std::move(key)};
}

JwkSet parse_jwk_set(std::string_view document) {
  boost::system::error_code ec;
  const auto parsed = json::parse(document, ec);
  const auto* keys = !ec && parsed.is_object() ? parsed.get_object().if_contains("keys") : nullptr;
  if (keys == nullptr || !keys->is_array()) {
    throw std::invalid_argument("not a JWKS document (a JSON object with a \"keys\" array)");
  }
  JwkSet set;
  for (const auto& entry : keys->get_array()) {
    const auto* jwk = entry.if_object();
    const auto* kid = jwk != nullptr ? jwk->if_contains("kid") : nullptr;
    const std::string name =
        kid != nullptr && kid->is_string() ? std::string(kid->get_string()) : "(none)";
    try {
      if (jwk == nullptr) {
        throw std::invalid_argument("not a JSON object");
      }
      auto parsed_key = parse_jwk(*jwk);
      if (std::ranges::any_of(set.keys, [&](const Jwk& k) { return k.kid == parsed_key.kid; })) {
        throw std::invalid_argument("the kid is used by an earlier key");
      }
      set.keys.push_back(std::move(parsed_key));
    } catch (const std::invalid_argument& e) {
      set.skipped.push_back("kid '" + name + "': " + e.what());
    }
  }
  return set;
}

}  // namespace core::auth
