#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/auth/auth_config.hpp"
#include "core/auth/jwks_cache.hpp"
#include "core/auth/token_error.hpp"
#include "core/http/request.hpp"

namespace core::auth {

// The caller a valid token names, or why the token is refused.
using Verification = std::variant<http::Identity, TokenError>;

// Verifies bearer JWTs (contracts/homelab-api.md section 2, jwt mode): RS256 or ES256 only, each
// pinned to its key type; the issuer's keys from the JWKS cache; then exp, nbf and aud.
class JwtVerifier {
 public:
  // Starts fetching the issuers' keys.
  explicit JwtVerifier(const AuthConfig& config);

  boost::asio::awaitable<Verification> verify(std::string token) const;
  bool ready() const { return keys_->ready(); }

 private:
  std::vector<IssuerConfig> issuers_;
  std::chrono::seconds leeway_;
  std::unique_ptr<JwksCache> keys_;
};

}  // namespace core::auth
