#include "core/auth/jwt_verifier.hpp"

#include <algorithm>

#include "core/auth/claims.hpp"
#include "core/auth/compact_jws.hpp"

namespace core::auth {
namespace {

namespace json = boost::json;

std::optional<std::string> string_member(const json::object& object, std::string_view name) {
  const auto* value = object.if_contains(name);
  if (value == nullptr || !value->is_string()) {
    return std::nullopt;
  }
  return std::string(value->get_string());
}

// Why the signature does not verify, or nullopt when it does: with the key kid names, or for a
// token without kid with any key of its algorithm.
std::optional<TokenError> check_signature(const CompactJws& jws, Algorithm algorithm,
                                          const std::optional<std::string>& kid,
                                          const KeySet& keys) {
  const auto verifies = [&](const Jwk& jwk) {
    return jwk.key.verify(jws.signing_input, jws.signature);
  };
  if (!kid) {
    const auto usable = [&](const Jwk& jwk) { return jwk.key.algorithm() == algorithm; };
    if (std::ranges::none_of(keys, usable)) {
      return TokenError::unknown_key;
    }
    return std::ranges::any_of(keys, [&](const Jwk& jwk) { return usable(jwk) && verifies(jwk); })
               ? std::nullopt
               : std::optional(TokenError::bad_signature);
  }
  const auto named = std::ranges::find(keys, *kid, &Jwk::kid);
  if (named == keys.end()) {
    return TokenError::unknown_key;
  }
  // An RSA key verifies RS256 only: "HS256 with the public key as secret" and friends end here.
  if (named->key.algorithm() != algorithm) {
    return TokenError::algorithm_mismatch;
  }
  return verifies(*named) ? std::nullopt : std::optional(TokenError::bad_signature);
}

http::Identity identity_of(const json::object& payload, const std::string& token) {
  http::Identity identity;
  identity.subject = string_member(payload, "sub").value_or("");
  identity.username = string_member(payload, "preferred_username").value_or(identity.subject);
  identity.email = string_member(payload, "email");
  identity.token = token;
  identity.scopes = scopes_of(payload);
  identity.expires_at = expiry_of(payload);
  return identity;
}

}  // namespace

JwtVerifier::JwtVerifier(const AuthConfig& config)
    : issuers_(config.issuers),
      leeway_(config.leeway),
      keys_(std::make_unique<JwksCache>(config)) {}

boost::asio::awaitable<Verification> JwtVerifier::verify(std::string token) const {
  const auto jws = parse_compact_jws(token);
  if (!jws) {
    co_return TokenError::malformed;
  }
  // No extension is understood, so a token that requires one cannot be accepted (RFC 7515 4.1.11).
  if (jws->header.contains("crit")) {
    co_return TokenError::critical_header;
  }
  const auto alg = string_member(jws->header, "alg");
  const auto algorithm = alg ? algorithm_named(*alg) : std::nullopt;
  if (!algorithm) {
    co_return TokenError::unsupported_algorithm;
  }
  // The issuer is read before the signature is checked because it selects the keys; a forged
  // iss only selects keys that will not verify the signature.
  const auto iss = string_member(jws->payload, "iss");
  const auto issuer = std::ranges::find(issuers_, iss.value_or(""), &IssuerConfig::issuer);
  if (!iss || issuer == issuers_.end()) {
    co_return TokenError::unknown_issuer;
  }
  const auto* kid_value = jws->header.if_contains("kid");
  if (kid_value != nullptr && !kid_value->is_string()) {
    co_return TokenError::malformed;
  }
  const auto kid = string_member(jws->header, "kid");
  const auto index = static_cast<std::size_t>(issuer - issuers_.begin());
  const auto keys = co_await keys_->keys_for(index, kid);
  if (!keys) {
    co_return TokenError::unknown_key;
  }
  if (const auto error = check_signature(*jws, *algorithm, kid, *keys)) {
    co_return *error;
  }
  if (const auto error = check_claims(jws->payload, issuer->audiences, Clock::now(), leeway_)) {
    co_return *error;
  }
  co_return identity_of(jws->payload, token);
}

}  // namespace core::auth
