#pragma once

// The authentication every HTTP service shares (contracts/homelab-api.md section 2).
//
// Wiring in a service's main.cpp:
//
//   auto auth_config = core::auth::read_auth_config(reader);    // before reader.finish()
//   core::http::Server server(options, registry);
//   auto auth = std::make_shared<core::auth::Authenticator>(auth_config, registry);
//   core::auth::protect(server, auth, {{"energy", "read:energy"}, {"user", ""}});
//   server.router().add(Verb::get, "/api/v1/energy/latest", handler, "energy");
//
// Every route outside the "public" group is then authenticated before its handler runs, which
// finds the caller in request.identity. Services that authenticate outside the router (energy-ws
// before a WebSocket upgrade) call authenticate_token() and authorize() themselves and answer a
// Failure with failure_response().

#include <prometheus/counter.h>
#include <prometheus/family.h>

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/auth/auth_config.hpp"
#include "core/http/request.hpp"
#include "core/http/response.hpp"
#include "core/http/server.hpp"
#include "core/metrics/exposition.hpp"

namespace core::auth {

class JwtVerifier;

struct Failure {
  http::Status status = http::Status::unauthorized;  // 401, or 403 for a missing scope
  std::string message;                               // for {"error": ...}; never contains the token
};

struct AuthResult {
  std::optional<http::Identity> identity;  // the caller, when authenticated
  Failure failure;                         // why not, otherwise
};

// A route group's required scope; "" means authenticated only. The "public" group needs nothing
// and is never looked up; a group missing from the map, including the empty group of a route
// added without one, answers 500 (a wiring mistake).
using ScopePolicy = std::map<std::string, std::string, std::less<>>;

// The authenticator of one service, shared by its io threads. Every refusal is counted in
// auth_failures_total{reason}.
class Authenticator {
 public:
  // Logs "authentication disabled (auth.mode=none)" in none mode; in jwt mode starts fetching
  // the issuers' keys in the background. Throws when auth.ca_file cannot be loaded.
  Authenticator(AuthConfig config, metrics::Registry& registry);
  ~Authenticator();
  Authenticator(const Authenticator&) = delete;
  Authenticator& operator=(const Authenticator&) = delete;

  // jwt: the Authorization bearer token; proxy: the X-Auth-Request-* headers of a trusted peer;
  // none: "anonymous" with every scope.
  boost::asio::awaitable<AuthResult> authenticate(const http::Request& request) const;
  // A bearer token found elsewhere (energy-ws reads ?token=); empty means none was sent. Proxy
  // mode has no tokens to check and refuses.
  boost::asio::awaitable<AuthResult> authenticate_token(std::string token) const;
  // nullopt when the identity may use what requires `scope` ("" requires nothing more), or when
  // auth.enforce_scopes is false; otherwise a 403 Failure naming the scope.
  std::optional<Failure> authorize(const http::Identity& identity, std::string_view scope) const;

  Mode mode() const { return config_.mode; }
  // jwt: every issuer's keys have been fetched once (for /readyz); other modes: true.
  bool ready() const;

 private:
  Failure refuse(std::string_view reason, http::Status status, std::string message) const;
  AuthResult refused(std::string_view reason, std::string message) const;
  AuthResult proxy(const http::Request& request) const;

  AuthConfig config_;
  prometheus::Family<prometheus::Counter>& failures_;
  std::unique_ptr<JwtVerifier> verifier_;  // jwt mode only
};

// The response for a refusal; a 401 carries WWW-Authenticate: Bearer error="invalid_token".
http::Response failure_response(const Failure& failure);

// The token of "Authorization: Bearer <token>" (scheme case-insensitive), nullopt otherwise.
std::optional<std::string_view> bearer_token(const http::Request& request);

// Installs the authenticator in the server (before run()): requests to routes outside the
// "public" group are authenticated and checked against the policy before their handler.
void protect(http::Server& server, std::shared_ptr<const Authenticator> authenticator,
             ScopePolicy policy);

}  // namespace core::auth
