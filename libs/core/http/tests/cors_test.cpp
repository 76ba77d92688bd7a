#include <gtest/gtest.h>

#include <atomic>

#include "test_support.hpp"

namespace core::http {
namespace {

using testing::Client;
using testing::RunningServer;

constexpr std::string_view kAllowed = "https://heatpump.k12n.com";

class Cors : public ::testing::Test {
 protected:
  static Options options() {
    auto options = testing::test_options();
    options.cors.allowed_origins = {std::string(kAllowed), "http://localhost:5173"};
    return options;
  }

  std::atomic<int> handled_ = 0;
  RunningServer running_{options(), [this](Server& server) {
                           server.router().add(
                               Verb::get, "/api/v1/items",
                               [this](Request&) -> boost::asio::awaitable<Response> {
                                 ++handled_;
                                 co_return text(Status::ok, "[]");
                               });
                         }};
};

Message preflight(std::string_view origin) {
  auto message = testing::make_request(Verb::options, "/api/v1/items");
  message.set(Field::origin, origin);
  message.set(Field::access_control_request_method, "GET");
  message.set(Field::access_control_request_headers, "authorization");
  return message;
}

TEST_F(Cors, PreflightFromAnAllowedOriginIs204) {
  Client client(running_.port());
  const auto response = client.request(preflight(kAllowed));
  EXPECT_EQ(response.result(), Status::no_content);
  EXPECT_EQ(response[Field::access_control_allow_origin], kAllowed);
  EXPECT_EQ(response[Field::access_control_allow_methods], "GET, OPTIONS");
  EXPECT_EQ(response[Field::access_control_allow_headers], "Authorization, Content-Type, Accept");
  EXPECT_EQ(response[Field::access_control_max_age], "3600");
  EXPECT_EQ(response[Field::access_control_allow_credentials], "true");
  EXPECT_EQ(response[Field::vary], "Origin");
  EXPECT_TRUE(response.body().empty());
  EXPECT_EQ(handled_, 0);
}

TEST_F(Cors, PreflightIsAnsweredForAnyPath) {
  Client client(running_.port());
  auto message = preflight(kAllowed);
  message.target("/not/a/route");
  EXPECT_EQ(client.request(message).result(), Status::no_content);
}

TEST_F(Cors, PreflightFromAnotherOriginIs403WithoutCorsHeaders) {
  Client client(running_.port());
  for (const auto* origin :
       {"https://evil.example", "https://heatpump.k12n.com.evil.example", "null"}) {
    const auto response = client.request(preflight(origin));
    EXPECT_EQ(response.result(), Status::forbidden) << origin;
    EXPECT_EQ(response.body(), R"({"error":"origin not allowed"})");
    EXPECT_EQ(response.count(Field::access_control_allow_origin), 0U);
    EXPECT_EQ(response.count(Field::access_control_allow_methods), 0U);
  }
  EXPECT_EQ(handled_, 0);
}

TEST_F(Cors, ResponsesToAnAllowedOriginCarryCorsHeaders) {
  Client client(running_.port());
  auto message = testing::make_request(Verb::get, "/api/v1/items");
  message.set(Field::origin, "http://localhost:5173");
  const auto response = client.request(message);
  EXPECT_EQ(response.result(), Status::ok);
  EXPECT_EQ(response[Field::access_control_allow_origin], "http://localhost:5173");
  EXPECT_EQ(response[Field::access_control_allow_credentials], "true");
  EXPECT_EQ(response[Field::access_control_expose_headers], "Authorization");
  EXPECT_EQ(response[Field::vary], "Origin");
}

TEST_F(Cors, ResponsesToOtherOriginsCarryNoCorsHeaders) {
  Client client(running_.port());
  auto message = testing::make_request(Verb::get, "/api/v1/items");
  message.set(Field::origin, "https://evil.example");
  const auto response = client.request(message);
  EXPECT_EQ(response.result(), Status::ok);
  EXPECT_EQ(response.count(Field::access_control_allow_origin), 0U);
  EXPECT_EQ(response[Field::vary], "Origin");  // caches must not reuse it for an allowed origin
}

TEST_F(Cors, OptionsWithoutRequestMethodIsNotAPreflight) {
  Client client(running_.port());
  auto message = testing::make_request(Verb::options, "/api/v1/items");
  message.set(Field::origin, kAllowed);
  EXPECT_EQ(client.request(message).result(), Status::method_not_allowed);
}

}  // namespace
}  // namespace core::http
