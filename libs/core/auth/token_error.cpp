#include "core/auth/token_error.hpp"

namespace core::auth {

std::string_view reason_label(TokenError error) {
  switch (error) {
    case TokenError::malformed:
      return "malformed";
    case TokenError::critical_header:
      return "critical_header";
    case TokenError::unsupported_algorithm:
      return "unsupported_algorithm";
    case TokenError::unknown_issuer:
      return "unknown_issuer";
    case TokenError::unknown_key:
      return "unknown_key";
    case TokenError::algorithm_mismatch:
      return "algorithm_mismatch";
    case TokenError::bad_signature:
      return "bad_signature";
    case TokenError::missing_exp:
      return "missing_exp";
    case TokenError::expired:
      return "expired";
    case TokenError::not_yet_valid:
      return "not_yet_valid";
    case TokenError::wrong_audience:
      return "wrong_audience";
  }
  return "invalid";
}

std::string_view describe(TokenError error) {
  switch (error) {
    case TokenError::malformed:
      return "malformed";
    case TokenError::critical_header:
      return "unsupported critical header";
    case TokenError::unsupported_algorithm:
      return "unsupported algorithm";
    case TokenError::unknown_issuer:
      return "unknown issuer";
    case TokenError::unknown_key:
      return "unknown key id";
    case TokenError::algorithm_mismatch:
      return "algorithm does not match the key";
    case TokenError::bad_signature:
      return "bad signature";
    case TokenError::missing_exp:
      return "missing exp";
    case TokenError::expired:
      return "expired";
    case TokenError::not_yet_valid:
      return "not yet valid";
    case TokenError::wrong_audience:
      return "wrong audience";
  }
  return "invalid";
}

}  // namespace core::auth
