#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "test_support.hpp"

namespace core::auth::testing {

// An identity provider's key endpoints on loopback: GET /jwks and the OpenID discovery document
// of the issuer http://127.0.0.1:<port>. The key set can be rotated and the server made to fail.
class JwksServer {
 public:
  explicit JwksServer(std::string document);

  void serve(std::string document);
  void set_failing(bool failing);  // answer 500 instead of the key set
  int jwks_requests() const { return state_->jwks_requests; }
  int discovery_requests() const { return state_->discovery_requests; }
  std::string issuer() const;
  std::string jwks_url() const { return issuer() + "/jwks"; }

 private:
  struct State {
    std::mutex mutex;
    std::string document;
    bool failing = false;
    std::atomic<int> jwks_requests = 0;
    std::atomic<int> discovery_requests = 0;
  };

  std::shared_ptr<State> state_ = std::make_shared<State>();
  http::testing::RunningServer running_;
};

}  // namespace core::auth::testing
