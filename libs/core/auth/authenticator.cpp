#include "core/auth/authenticator.hpp"

#include <spdlog/spdlog.h>

#include <boost/beast/core/string.hpp>

#include "core/auth/jwt_verifier.hpp"
#include "core/auth/proxy_auth.hpp"

namespace core::auth {
namespace {

namespace asio = boost::asio;

constexpr std::string_view kAuthenticationRequired = "authentication required";

http::Identity anonymous() {
  http::Identity identity;
  identity.subject = "anonymous";
  identity.username = "anonymous";
  identity.all_scopes = true;
  return identity;
}

// Authenticates for a route of `group` and checks its scope; the response refusing the request,
// or nullopt after setting request.identity.
asio::awaitable<std::optional<http::Response>> guard(const Authenticator& authenticator,
                                                     const ScopePolicy& policy,
                                                     http::Request& request,
                                                     std::string_view group) {
  const auto rule = policy.find(group);
  if (rule == policy.end()) {
    spdlog::error("auth: route group '{}' of {} has no scope in the policy", group, request.path);
    co_return http::error(http::Status::internal_server_error, "internal error");
  }
  auto result = co_await authenticator.authenticate(request);
  if (!result.identity) {
    co_return failure_response(result.failure);
  }
  if (auto denied = authenticator.authorize(*result.identity, rule->second)) {
    co_return failure_response(*denied);
  }
  request.identity = std::move(result.identity);
  co_return std::nullopt;
}

}  // namespace

Authenticator::Authenticator(AuthConfig config, metrics::Registry& registry)
    : config_(std::move(config)),
      failures_(prometheus::BuildCounter()
                    .Name("auth_failures_total")
                    .Help("Requests refused by authentication or authorization, by reason")
                    .Register(registry)) {
  switch (config_.mode) {
    case Mode::jwt:
      verifier_ = std::make_unique<JwtVerifier>(config_);
      break;
    case Mode::proxy:
      break;
    case Mode::none:
      spdlog::warn("authentication disabled (auth.mode=none)");
      break;
  }
}

Authenticator::~Authenticator() = default;

bool Authenticator::ready() const {
  return !verifier_ || verifier_->ready();
}

Failure Authenticator::refuse(std::string_view reason, http::Status status,
                              std::string message) const {
  failures_.Add({{"reason", std::string(reason)}}).Increment();
  spdlog::debug("auth: refused ({}): {}", reason, message);
  return {status, std::move(message)};
}

AuthResult Authenticator::refused(std::string_view reason, std::string message) const {
  return {std::nullopt, refuse(reason, http::Status::unauthorized, std::move(message))};
}

asio::awaitable<AuthResult> Authenticator::authenticate(const http::Request& request) const {
  if (config_.mode == Mode::proxy) {
    co_return proxy(request);
  }
  std::string token(bearer_token(request).value_or(""));
  auto result = co_await authenticate_token(std::move(token));
  co_return result;
}

asio::awaitable<AuthResult> Authenticator::authenticate_token(std::string token) const {
  if (config_.mode == Mode::none) {
    co_return AuthResult{anonymous(), {}};
  }
  if (token.empty() || !verifier_) {
    co_return refused("missing_credentials", std::string(kAuthenticationRequired));
  }
  auto verification = co_await verifier_->verify(std::move(token));
  if (const auto* error = std::get_if<TokenError>(&verification)) {
    co_return refused(reason_label(*error), "invalid token: " + std::string(describe(*error)));
  }
  co_return AuthResult{std::move(std::get<http::Identity>(verification)), {}};
}

AuthResult Authenticator::proxy(const http::Request& request) const {
  if (!trusted_peer(request, config_.trusted_proxies)) {
    if (has_proxy_headers(request)) {
      spdlog::warn("auth: ignoring X-Auth-Request-* headers from untrusted peer {}",
                   request.peer.address().to_string());
      return refused("untrusted_proxy", std::string(kAuthenticationRequired));
    }
    return refused("missing_credentials", std::string(kAuthenticationRequired));
  }
  if (auto identity = proxy_identity(request)) {
    return {std::move(identity), {}};
  }
  return refused("missing_credentials", std::string(kAuthenticationRequired));
}

std::optional<Failure> Authenticator::authorize(const http::Identity& identity,
                                                std::string_view scope) const {
  if (scope.empty() || !config_.enforce_scopes || identity.has_scope(scope)) {
    return std::nullopt;
  }
  return refuse("insufficient_scope", http::Status::forbidden,
                "insufficient scope: " + std::string(scope) + " required");
}

http::Response failure_response(const Failure& failure) {
  auto response = http::error(failure.status, failure.message);
  if (failure.status == http::Status::unauthorized) {
    response.set(http::Field::www_authenticate, R"(Bearer error="invalid_token")");
  }
  return response;
}

std::optional<std::string_view> bearer_token(const http::Request& request) {
  constexpr std::string_view kScheme = "bearer ";
  auto value = request.header(http::Field::authorization);
  if (value.size() <= kScheme.size() ||
      !boost::beast::iequals(value.substr(0, kScheme.size()), kScheme)) {
    return std::nullopt;
  }
  value.remove_prefix(kScheme.size());
  const auto start = value.find_first_not_of(' ');
  if (start == std::string_view::npos) {
    return std::nullopt;
  }
  value.remove_prefix(start);
  return value.substr(0, value.find_last_not_of(' ') + 1);
}

void protect(http::Server& server, std::shared_ptr<const Authenticator> authenticator,
             ScopePolicy policy) {
  server.set_authenticator([authenticator = std::move(authenticator), policy = std::move(policy)](
                               http::Request& request, std::string_view group) {
    return guard(*authenticator, policy, request, group);
  });
}

}  // namespace core::auth
