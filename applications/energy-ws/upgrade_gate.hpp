#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>
#include <variant>
#include <vector>

#include "core/auth/authenticator.hpp"
#include "core/http/request.hpp"
#include "core/http/response.hpp"
#include "hub.hpp"
#include "ws_metrics.hpp"

namespace energy_ws {

// The checks of an upgrade request before the 101 (contract section 2), cheapest first: a
// WebSocket upgrade (400), an allowed Origin (403), a free connection slot (503 with
// Retry-After), then the token from `Authorization: Bearer` or else `?token=` (401).
class UpgradeGate {
 public:
  UpgradeGate(const core::auth::Authenticator& authenticator,
              std::vector<std::string> allowed_origins, Hub& hub, WsMetrics& metrics);

  // The caller, with a connection slot of the hub reserved for it, or the refusal to send.
  boost::asio::awaitable<std::variant<core::http::Identity, core::http::Response>> admit(
      const core::http::Request& request) const;

 private:
  core::http::Response refuse(RefusalReason reason, core::http::Response response) const;

  const core::auth::Authenticator& authenticator_;
  std::vector<std::string> allowed_origins_;
  Hub& hub_;
  WsMetrics& metrics_;
};

}  // namespace energy_ws
