#pragma once

#include <string_view>

namespace core::auth {

// Why a bearer token was refused.
enum class TokenError {
  malformed,
  critical_header,
  unsupported_algorithm,
  unknown_issuer,
  unknown_key,
  algorithm_mismatch,
  bad_signature,
  missing_exp,
  expired,
  not_yet_valid,
  wrong_audience,
};

// The auth_failures_total reason label ("bad_signature").
std::string_view reason_label(TokenError error);
// What the client is told after "invalid token: " ("bad signature").
std::string_view describe(TokenError error);

}  // namespace core::auth
