#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace core::http {
namespace {

using testing::Client;
using testing::RunningServer;

constexpr std::string_view kOrigin = "http://localhost:5173";

// Lets a request through when it carries "X-Let-In: yes", naming the caller after it; answers
// 401 otherwise. Records the groups it was asked about.
class HookTest : public ::testing::Test {
 protected:
  static Options options() {
    auto options = testing::test_options();
    options.cors.allowed_origins = {std::string(kOrigin)};
    return options;
  }

  boost::asio::awaitable<std::optional<Response>> authenticate(Request& request,
                                                               std::string_view group) {
    {
      const std::scoped_lock lock(mutex_);
      groups_.emplace_back(group);
    }
    if (request.header("X-Throw") == "yes") {
      throw std::runtime_error("verifier failed");
    }
    if (request.header("X-Let-In") != "yes") {
      co_return error(Status::unauthorized, "authentication required");
    }
    Identity identity;
    identity.subject = "kristoffer";
    request.identity = std::move(identity);
    co_return std::nullopt;
  }

  std::vector<std::string> groups() {
    const std::scoped_lock lock(mutex_);
    return groups_;
  }

  std::atomic<int> handled_ = 0;
  std::mutex mutex_;
  std::vector<std::string> groups_;
  RunningServer running_{
      options(), [this](Server& server) {
        server.router().add(
            Verb::get, "/api/v1/energy/latest",
            [this](Request& request) -> boost::asio::awaitable<Response> {
              ++handled_;
              co_return text(Status::ok, request.identity ? request.identity->subject : "nobody");
            },
            "energy");
        server.set_authenticator([this](Request& request, std::string_view group) {
          return authenticate(request, group);
        });
      }};
};

Message energy_request(bool let_in) {
  auto message = testing::make_request(Verb::get, "/api/v1/energy/latest");
  if (let_in) {
    message.set("X-Let-In", "yes");
  }
  return message;
}

TEST_F(HookTest, TheHandlerSeesTheIdentityTheAuthenticatorSet) {
  Client client(running_.port());
  const auto response = client.request(energy_request(true));
  EXPECT_EQ(response.result(), Status::ok);
  EXPECT_EQ(response.body(), "kristoffer");
  EXPECT_EQ(groups(), std::vector<std::string>{"energy"});
}

TEST_F(HookTest, ADeniedRequestNeverReachesTheHandlerAndKeepsItsCorsHeaders) {
  Client client(running_.port());
  auto message = energy_request(false);
  message.set(Field::origin, kOrigin);
  const auto response = client.request(message);
  EXPECT_EQ(response.result(), Status::unauthorized);
  EXPECT_EQ(response.body(), R"({"error":"authentication required"})");
  // Without them a browser could not read the 401 and send the user to log in.
  EXPECT_EQ(response[Field::access_control_allow_origin], kOrigin);
  EXPECT_EQ(handled_, 0);
}

TEST_F(HookTest, PublicRoutesAndPreflightsAreNotAuthenticated) {
  Client client(running_.port());
  EXPECT_EQ(client.get("/healthz").result(), Status::ok);
  EXPECT_EQ(client.get("/metrics").result(), Status::ok);
  auto preflight = testing::make_request(Verb::options, "/api/v1/energy/latest");
  preflight.set(Field::origin, kOrigin);
  preflight.set(Field::access_control_request_method, "GET");
  preflight.set(Field::access_control_request_headers, "authorization");
  EXPECT_EQ(client.request(preflight).result(), Status::no_content);
  EXPECT_TRUE(groups().empty());
}

TEST_F(HookTest, UnknownPathsAndMethodsAreAnsweredWithoutAuthentication) {
  Client client(running_.port());
  EXPECT_EQ(client.get("/api/v1/nothing").result(), Status::not_found);
  EXPECT_EQ(client.request(testing::make_request(Verb::post, "/api/v1/energy/latest")).result(),
            Status::method_not_allowed);
  EXPECT_TRUE(groups().empty());
}

TEST_F(HookTest, AnAuthenticatorThatThrowsGives500) {
  Client client(running_.port());
  auto message = energy_request(true);
  message.set("X-Throw", "yes");
  const auto response = client.request(message);
  EXPECT_EQ(response.result(), Status::internal_server_error);
  EXPECT_EQ(response.body(), R"({"error":"internal error"})");
  EXPECT_EQ(handled_, 0);
}

TEST(Hook, WithoutAnAuthenticatorEveryRouteIsOpen) {
  RunningServer running(testing::test_options(), [](Server& server) {
    server.router().add(
        Verb::get, "/open",
        [](Request& request) -> boost::asio::awaitable<Response> {
          co_return text(Status::ok, request.identity ? "identified" : "anonymous");
        },
        "energy");
  });
  Client client(running.port());
  EXPECT_EQ(client.get("/open").body(), "anonymous");
}

}  // namespace
}  // namespace core::http
