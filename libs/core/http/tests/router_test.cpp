#include "core/http/router.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace core::http {
namespace {

Handler nothing() {
  return [](Request&) -> boost::asio::awaitable<Response> { co_return text(Status::ok, ""); };
}

TEST(Router, MatchesLiteralAndParameterSegments) {
  Router router;
  router.add(Verb::get, "/api/v1/heatpump/settings/{device_id}", nothing(), "settings");
  router.add(Verb::get, "/", nothing());

  const auto match = router.match(Verb::get, "/api/v1/heatpump/settings/ThermIQ_4091519A3058");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.route->group, "settings");
  EXPECT_EQ(match.pattern, "/api/v1/heatpump/settings/{device_id}");
  ASSERT_EQ(match.params.size(), 1U);
  EXPECT_EQ(match.params[0].first, "device_id");
  EXPECT_EQ(match.params[0].second, "ThermIQ_4091519A3058");

  EXPECT_NE(router.match(Verb::get, "/").route, nullptr);
}

TEST(Router, DecodesSegmentsAfterSplittingThem) {
  Router router;
  router.add(Verb::get, "/files/{name}", nothing());
  const auto match = router.match(Verb::get, "/files/a%2Fb%20c");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.params[0].second, "a/b c");
}

TEST(Router, UnknownPathsAndEmptyParametersDoNotMatch) {
  Router router;
  router.add(Verb::get, "/items/{id}", nothing());
  for (const auto* path : {"/items", "/items/", "/items/1/extra", "/other", "/items//"}) {
    const auto match = router.match(Verb::get, path);
    EXPECT_EQ(match.route, nullptr) << path;
    EXPECT_TRUE(match.pattern.empty()) << path;
  }
}

TEST(Router, ReportsTheAllowedMethodsOfAKnownPath) {
  Router router;
  router.add(Verb::get, "/items/{id}", nothing());
  router.add(Verb::put, "/items/{id}", nothing());
  const auto match = router.match(Verb::delete_, "/items/7");
  EXPECT_EQ(match.route, nullptr);
  EXPECT_EQ(match.pattern, "/items/{id}");
  EXPECT_EQ(allow_header(match.allowed), "GET, HEAD, PUT");
}

TEST(Router, HeadIsServedByTheGetRoute) {
  Router router;
  router.add(Verb::get, "/healthz", nothing());
  const auto match = router.match(Verb::head, "/healthz");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.route->method, Verb::get);
}

TEST(Router, FirstAddedRouteWins) {
  Router router;
  router.add(Verb::get, "/items/new", nothing(), "first");
  router.add(Verb::get, "/items/{id}", nothing(), "second");
  EXPECT_EQ(router.match(Verb::get, "/items/new").route->group, "first");
  EXPECT_EQ(router.match(Verb::get, "/items/7").route->group, "second");
}

TEST(Router, RejectsMalformedPatternsAndDuplicates) {
  Router router;
  for (const auto* bad :
       {"", "items", "/items/", "//items", "/items/{}", "/items/{id", "/a{id}", "/{id}/{id}"}) {
    EXPECT_THROW(router.add(Verb::get, bad, nothing()), std::invalid_argument) << bad;
  }
  router.add(Verb::get, "/items/{id}", nothing());
  EXPECT_THROW(router.add(Verb::get, "/items/{id}", nothing()), std::invalid_argument);
  EXPECT_THROW(router.add(Verb::get, "/items/{key}", nothing()), std::invalid_argument);
  EXPECT_NO_THROW(router.add(Verb::post, "/items/{id}", nothing()));
}

}  // namespace
}  // namespace core::http
