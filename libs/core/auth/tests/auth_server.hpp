#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/auth/authenticator.hpp"
#include "test_support.hpp"

namespace core::auth::testing {

inline constexpr std::string_view kOrigin = "http://localhost:5173";

// A service protected by an Authenticator, the way homelab-api wires it: the energy routes need
// read:energy, user info needs a login, "unmapped" is a group the policy forgot; /healthz and
// /metrics are public. The energy route answers with the identity its handler sees.
class AuthServer {
 public:
  explicit AuthServer(const AuthConfig& config);

  Authenticator& authenticator() { return *authenticator_; }
  metrics::Registry& registry() { return registry_; }
  // Waits for the first key sets.
  bool wait_ready(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  http::Response get(std::string_view target, std::optional<std::string_view> authorization,
                     const std::vector<std::pair<std::string, std::string>>& headers = {});
  http::Response send(http::Message message);

 private:
  metrics::Registry registry_;
  std::shared_ptr<Authenticator> authenticator_;
  http::testing::RunningServer running_;
};

}  // namespace core::auth::testing
