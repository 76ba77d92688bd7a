#include "auth_server.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <thread>

namespace core::auth::testing {
namespace {

using http::Request;
using http::Response;
using http::Status;

boost::asio::awaitable<Response> show_identity(Request& request) {
  const auto& identity = request.identity.value();
  boost::json::object body{{"subject", identity.subject}, {"username", identity.username}};
  body["email"] = identity.email ? boost::json::value(*identity.email) : nullptr;
  body["token"] = identity.token ? boost::json::value(*identity.token) : nullptr;
  body["scopes"] = boost::json::array(identity.scopes.begin(), identity.scopes.end());
  body["all_scopes"] = identity.all_scopes;
  body["exp"] = identity.expires_at
                    ? boost::json::value(std::chrono::duration_cast<std::chrono::seconds>(
                                             identity.expires_at->time_since_epoch())
                                             .count())
                    : nullptr;
  co_return http::json(Status::ok, body);
}

http::Options options() {
  auto options = http::testing::test_options();
  options.io_threads = 2;  // key lookups from several threads
  options.cors.allowed_origins = {std::string(kOrigin)};
  return options;
}

}  // namespace

AuthServer::AuthServer(const AuthConfig& config)
    : authenticator_(std::make_shared<Authenticator>(config, registry_)),
      running_(options(), [this](http::Server& server) {
        auto& router = server.router();
        router.add(http::Verb::get, "/api/v1/energy/latest", show_identity, "energy");
        router.add(http::Verb::get, "/api/v1/user/info", show_identity, "user");
        router.add(http::Verb::get, "/api/v1/forgotten", show_identity, "unmapped");
        protect(server, authenticator_, {{"energy", "read:energy"}, {"user", ""}});
      }) {}

bool AuthServer::wait_ready(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!authenticator_->ready() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return authenticator_->ready();
}

http::Response AuthServer::get(std::string_view target,
                               std::optional<std::string_view> authorization,
                               const std::vector<std::pair<std::string, std::string>>& headers) {
  auto message = http::testing::make_request(http::Verb::get, target);
  if (authorization) {
    message.set(http::Field::authorization, *authorization);
  }
  for (const auto& [name, value] : headers) {
    message.set(name, value);
  }
  return send(std::move(message));
}

http::Response AuthServer::send(http::Message message) {
  http::testing::Client client(running_.port());
  return client.request(std::move(message));
}

}  // namespace core::auth::testing
