#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/auth/token_error.hpp"

namespace core::auth {

using Clock = std::chrono::system_clock;

// The exp claim, nullopt when it is absent or not a number (RFC 7519 NumericDate).
std::optional<Clock::time_point> expiry_of(const boost::json::object& payload);

// exp (required) and nbf against now with the leeway, aud (a string or an array) against the
// issuer's audiences. The issuer is checked before, since it selects the keys.
std::optional<TokenError> check_claims(const boost::json::object& payload,
                                       const std::vector<std::string>& audiences,
                                       Clock::time_point now, std::chrono::seconds leeway);

// The union of "scope" (space-separated) and "scp" (space-separated or an array of strings).
std::set<std::string, std::less<>> scopes_of(const boost::json::object& payload);

}  // namespace core::auth
