#pragma once

#include <optional>
#include <vector>

#include "core/auth/cidr.hpp"
#include "core/http/request.hpp"

namespace core::auth {

// Whether the TCP peer is one of the forward-auth proxies allowed to vouch for users.
bool trusted_peer(const http::Request& request, const std::vector<Cidr>& trusted_proxies);

// Whether the request carries any X-Auth-Request-* header (to notice them from untrusted peers).
bool has_proxy_headers(const http::Request& request);

// The user the proxy names in X-Auth-Request-User, -Email and -Access-Token, with every scope
// (the proxy did the authorization); nullopt without a user. Trust must be checked before. The
// expiry is read from the access token without verifying it: the proxy is trusted.
std::optional<http::Identity> proxy_identity(const http::Request& request);

}  // namespace core::auth
