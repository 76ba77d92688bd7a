#include "jwks_server.hpp"

#include <boost/json/object.hpp>

namespace core::auth::testing {
namespace {

using http::Request;
using http::Response;
using http::Status;

}  // namespace

JwksServer::JwksServer(std::string document)
    : running_(http::testing::test_options(), [this](http::Server& server) {
        auto state = state_;
        server.router().add(
            http::Verb::get, "/jwks",
            [state](Request&) -> boost::asio::awaitable<Response> {
              ++state->jwks_requests;
              const std::scoped_lock lock(state->mutex);
              if (state->failing) {
                co_return http::error(Status::internal_server_error, "down");
              }
              co_return http::text(Status::ok, state->document, "application/json");
            },
            "public");
        server.router().add(
            http::Verb::get, "/.well-known/openid-configuration",
            [state, this](Request&) -> boost::asio::awaitable<Response> {
              ++state->discovery_requests;
              co_return http::json(
                  Status::ok, boost::json::object{{"issuer", issuer()}, {"jwks_uri", jwks_url()}});
            },
            "public");
      }) {
  serve(std::move(document));
}

void JwksServer::serve(std::string document) {
  const std::scoped_lock lock(state_->mutex);
  state_->document = std::move(document);
}

void JwksServer::set_failing(bool failing) {
  const std::scoped_lock lock(state_->mutex);
  state_->failing = failing;
}

std::string JwksServer::issuer() const {
  return "http://127.0.0.1:" + std::to_string(running_.port());
}

}  // namespace core::auth::testing
