#include "core/auth/proxy_auth.hpp"

#include <algorithm>
#include <array>

#include "core/auth/claims.hpp"
#include "core/auth/compact_jws.hpp"

namespace core::auth {
namespace {

constexpr std::string_view kUserHeader = "X-Auth-Request-User";
constexpr std::string_view kEmailHeader = "X-Auth-Request-Email";
constexpr std::string_view kTokenHeader = "X-Auth-Request-Access-Token";

std::optional<std::string> header(const http::Request& request, std::string_view name) {
  const auto value = request.header(name);
  return value.empty() ? std::nullopt : std::optional<std::string>(value);
}

}  // namespace

bool trusted_peer(const http::Request& request, const std::vector<Cidr>& trusted_proxies) {
  const auto address = request.peer.address();
  return std::ranges::any_of(trusted_proxies,
                             [&](const Cidr& cidr) { return cidr.contains(address); });
}

bool has_proxy_headers(const http::Request& request) {
  return std::ranges::any_of(std::array{kUserHeader, kEmailHeader, kTokenHeader},
                             [&](std::string_view name) { return !request.header(name).empty(); });
}

std::optional<http::Identity> proxy_identity(const http::Request& request) {
  auto user = header(request, kUserHeader);
  if (!user) {
    return std::nullopt;
  }
  http::Identity identity;
  identity.subject = *user;
  identity.username = std::move(*user);
  identity.email = header(request, kEmailHeader);
  identity.token = header(request, kTokenHeader);
  identity.all_scopes = true;
  if (identity.token) {
    if (const auto jws = parse_compact_jws(*identity.token)) {
      identity.expires_at = expiry_of(jws->payload);
    }
  }
  return identity;
}

}  // namespace core::auth
