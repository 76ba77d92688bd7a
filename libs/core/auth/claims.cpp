#include "core/auth/claims.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string_view>

namespace core::auth {
namespace {

namespace json = boost::json;

// Dates are clamped to what a system_clock time_point holds (until 2262) with room for the leeway;
// a token valid for centuries is treated as valid until then.
constexpr std::int64_t kLatestSeconds = std::int64_t{1} << 33;

// nullopt when the claim is absent; malformed is set when it is there but not a number.
std::optional<std::int64_t> seconds_claim(const json::object& payload, std::string_view name,
                                          bool& malformed) {
  const auto* value = payload.if_contains(name);
  if (value == nullptr) {
    return std::nullopt;
  }
  double seconds = 0;
  if (value->is_int64()) {
    seconds = static_cast<double>(value->get_int64());
  } else if (value->is_uint64()) {
    seconds = static_cast<double>(value->get_uint64());
  } else if (value->is_double() && std::isfinite(value->get_double())) {
    seconds = std::floor(value->get_double());
  } else {
    malformed = true;
    return std::nullopt;
  }
  return static_cast<std::int64_t>(std::clamp(seconds, 0.0, static_cast<double>(kLatestSeconds)));
}

bool audience_matches(const json::value* aud, const std::vector<std::string>& audiences) {
  const auto accepted = [&](const json::value& value) {
    return value.is_string() &&
           std::ranges::find(audiences, std::string_view(value.get_string())) != audiences.end();
  };
  if (aud == nullptr) {
    return false;
  }
  if (const auto* list = aud->if_array()) {
    return std::any_of(list->begin(), list->end(), accepted);
  }
  return accepted(*aud);
}

void add_words(std::string_view text, std::set<std::string, std::less<>>& into) {
  while (!text.empty()) {
    const auto end = std::min(text.find(' '), text.size());
    if (end > 0) {
      into.emplace(text.substr(0, end));
    }
    text.remove_prefix(std::min(end + 1, text.size()));
  }
}

}  // namespace

std::optional<Clock::time_point> expiry_of(const json::object& payload) {
  bool malformed = false;
  const auto exp = seconds_claim(payload, "exp", malformed);
  if (!exp) {
    return std::nullopt;
  }
  return Clock::time_point(std::chrono::seconds(*exp));
}

std::optional<TokenError> check_claims(const json::object& payload,
                                       const std::vector<std::string>& audiences,
                                       Clock::time_point now, std::chrono::seconds leeway) {
  bool malformed = false;
  const auto exp = seconds_claim(payload, "exp", malformed);
  const auto nbf = seconds_claim(payload, "nbf", malformed);
  if (malformed) {
    return TokenError::malformed;
  }
  if (!exp) {
    return TokenError::missing_exp;
  }
  const auto now_s =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  if (now_s >= *exp + leeway.count()) {
    return TokenError::expired;
  }
  if (nbf && now_s + leeway.count() < *nbf) {
    return TokenError::not_yet_valid;
  }
  if (!audience_matches(payload.if_contains("aud"), audiences)) {
    return TokenError::wrong_audience;
  }
  return std::nullopt;
}

std::set<std::string, std::less<>> scopes_of(const json::object& payload) {
  std::set<std::string, std::less<>> scopes;
  if (const auto* scope = payload.if_contains("scope"); scope != nullptr && scope->is_string()) {
    add_words(scope->get_string(), scopes);
  }
  if (const auto* scp = payload.if_contains("scp"); scp != nullptr) {
    if (scp->is_string()) {
      add_words(scp->get_string(), scopes);
    } else if (const auto* list = scp->if_array()) {
      for (const auto& item : *list) {
        if (item.is_string()) {
          scopes.emplace(item.get_string());
        }
      }
    }
  }
  return scopes;
}

}  // namespace core::auth
