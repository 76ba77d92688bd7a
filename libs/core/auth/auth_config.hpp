#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "core/auth/cidr.hpp"
#include "core/config/reader.hpp"

namespace core::auth {

enum class Mode { jwt, proxy, none };

struct IssuerConfig {
  std::string issuer;                  // compared exactly with the token's iss
  std::string jwks_url;                // empty: <issuer>/.well-known/openid-configuration names it
  std::vector<std::string> audiences;  // the token's aud must contain one of them
};

struct AuthConfig {
  Mode mode = Mode::jwt;
  std::vector<IssuerConfig> issuers;  // jwt mode: at least one
  std::vector<Cidr> trusted_proxies;  // proxy mode: peers whose X-Auth-Request-* headers count
  std::chrono::seconds leeway{60};    // for exp and nbf
  bool enforce_scopes = true;         // false: every authenticated caller has every scope
  std::string ca_file;  // PEM certificates trusted for JWKS over HTTPS besides the system store

  // Not configuration keys; tests shorten them.
  std::chrono::seconds refresh_interval{3600};  // background JWKS refresh
  std::chrono::seconds refetch_interval{60};    // least time between unknown-kid refetches
  std::chrono::seconds fetch_timeout{5};        // one JWKS or discovery request
};

// Reads the auth.* keys (contracts/homelab-api.md section 6), recording every problem in the
// reader:
//   auth.mode              jwt (default), proxy or none
//   auth.issuers           YAML list of {issuer, jwks_url?, audiences: [...]}
//   auth.issuer, auth.jwks_url, auth.audiences
//                          one issuer, for the environment (AUTH_ISSUER, AUTH_JWKS_URL,
//                          AUTH_AUDIENCES comma-separated); not together with auth.issuers
//   auth.trusted_proxies   CIDRs (AUTH_TRUSTED_PROXIES comma-separated); required in proxy mode
//   auth.leeway_s          0..600, default 60
//   auth.enforce_scopes    default true
//   auth.ca_file           optional
AuthConfig read_auth_config(config::Reader& reader);

}  // namespace core::auth
