#include "upgrade_gate.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/beast/websocket/rfc6455.hpp>

#include "token_redaction.hpp"

namespace energy_ws {
namespace {

using core::http::Status;

// Contract section 2: how long a client refused for capacity should wait.
constexpr std::string_view kRetryAfterSeconds = "5";

}  // namespace

UpgradeGate::UpgradeGate(const core::auth::Authenticator& authenticator,
                         std::vector<std::string> allowed_origins, Hub& hub, WsMetrics& metrics)
    : authenticator_(authenticator),
      allowed_origins_(std::move(allowed_origins)),
      hub_(hub),
      metrics_(metrics) {}

core::http::Response UpgradeGate::refuse(RefusalReason reason,
                                         core::http::Response response) const {
  metrics_.refused(reason);
  return response;
}

boost::asio::awaitable<std::variant<core::http::Identity, core::http::Response>> UpgradeGate::admit(
    const core::http::Request& request) const {
  if (!boost::beast::websocket::is_upgrade(request.message)) {
    co_return refuse(RefusalReason::not_upgrade,
                     core::http::error(Status::bad_request, "websocket upgrade required"));
  }
  const auto origin = request.header(core::http::Field::origin);
  if (!origin.empty() && std::find(allowed_origins_.begin(), allowed_origins_.end(), origin) ==
                             allowed_origins_.end()) {
    co_return refuse(RefusalReason::origin,
                     core::http::error(Status::forbidden, "origin not allowed"));
  }
  if (!hub_.reserve()) {
    auto response = core::http::error(Status::service_unavailable, "too many connections");
    response.set(core::http::Field::retry_after, kRetryAfterSeconds);
    co_return refuse(RefusalReason::capacity, std::move(response));
  }
  std::string token(core::auth::bearer_token(request).value_or(""));
  if (token.empty()) {
    token = std::string(request.query_param("token").value_or(""));
  }
  auto result = co_await authenticator_.authenticate_token(std::move(token));
  if (!result.identity) {
    hub_.release();
    spdlog::debug("ws: refused {} from {}: {}", redact_token(request.message.target()),
                  request.peer.address().to_string(), result.failure.message);
    co_return refuse(RefusalReason::unauthenticated, core::auth::failure_response(result.failure));
  }
  co_return std::move(*result.identity);
}

}  // namespace energy_ws
