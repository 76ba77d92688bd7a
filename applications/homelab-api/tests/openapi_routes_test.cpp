// The checked-in OpenAPI document and the routes the service serves cannot drift apart: every
// documented operation is served, every route is documented, and no other method is answered on
// a documented path.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/thread_pool.hpp>
#include <set>

#include "api_routes.hpp"
#include "api_service.hpp"
#include "core/http/server.hpp"
#include "openapi_schema.hpp"
#include "route_scopes.hpp"

namespace api_test {
namespace {

using core::http::Verb;

constexpr Verb kMethods[] = {Verb::get,     Verb::post,  Verb::put,    Verb::patch,
                             Verb::delete_, Verb::trace, Verb::connect};

// The routes of a service that is never run: no database is contacted.
class OpenApiRoutes : public ::testing::Test {
 protected:
  core::metrics::Registry registry_;
  boost::asio::thread_pool connector_{1};
  homelab_api::TelemetryDatabase database_{"host=unused.invalid", 1, std::chrono::seconds(1),
                                           connector_, registry_};
  homelab_api::RouteContext context_{database_, homelab_api::system_now};
  OpenApiDocument openapi_;
};

TEST_F(OpenApiRoutes, EveryRouteIsDocumentedAndEveryOperationIsARoute) {
  std::vector<std::string> routes;
  for (const auto& route : homelab_api::api_routes(context_)) {
    routes.push_back(std::string(boost::beast::http::to_string(route.method)) + " " +
                     route.pattern);
  }
  // The server's own endpoints.
  for (const auto* builtin : {"GET /healthz", "GET /readyz", "GET /metrics"}) {
    routes.emplace_back(builtin);
  }
  std::ranges::sort(routes);
  EXPECT_EQ(routes, openapi_.operations());
}

TEST_F(OpenApiRoutes, TheServersRouterAnswersExactlyTheDocumentedMethods) {
  core::http::Options options;
  options.address = "127.0.0.1";
  options.port = 0;
  core::http::Server server(options, registry_);
  homelab_api::add_routes(server.router(), homelab_api::api_routes(context_));

  std::set<std::string> documented;
  for (const auto& operation : openapi_.operations()) {
    documented.insert(operation);
  }
  for (const auto& [path, item] : openapi_.document().at("paths").as_object()) {
    for (const auto method : kMethods) {
      const auto name = std::string(boost::beast::http::to_string(method));
      const auto match = server.router().match(method, path);
      EXPECT_EQ(match.route != nullptr, documented.contains(name + " " + std::string(path)))
          << name << " " << path;
      EXPECT_EQ(match.pattern, path) << "every documented path is a route";
    }
  }
}

TEST_F(OpenApiRoutes, EveryRouteGroupHasTheContractsScope) {
  const auto scopes = homelab_api::route_scopes();
  EXPECT_EQ(scopes, (core::auth::ScopePolicy{{"energy", "read:energy"},
                                             {"heatpump", "read:heatpump"},
                                             {"temperature", "read:temperature"},
                                             {"user", ""}}));
  for (const auto& route : homelab_api::api_routes(context_)) {
    EXPECT_TRUE(route.group == core::http::kPublicGroup || scopes.contains(route.group))
        << route.pattern << ": " << route.group;
    // The contract's scope per path prefix (section 2).
    for (const auto* group : {"energy", "heatpump", "temperature"}) {
      if (route.pattern.starts_with(std::string("/api/v1/") + group + "/")) {
        EXPECT_EQ(route.group, group) << route.pattern;
      }
    }
  }
}

TEST_F(OpenApiRoutes, EveryOperationDocumentsItsErrorsAndSecurity) {
  for (const auto& [path, item] : openapi_.document().at("paths").as_object()) {
    const auto& operation = item.at("get").as_object();
    const auto& responses = operation.at("responses").as_object();
    EXPECT_TRUE(responses.contains("200")) << path;
    if (!std::string_view(path).starts_with("/api/v1/") || path == "/api/v1/openapi.json") {
      EXPECT_TRUE(operation.at("security").as_array().empty()) << path << " is public";
      continue;
    }
    for (const auto* status : {"401", "500", "503"}) {
      EXPECT_TRUE(responses.contains(status)) << path << " " << status;
    }
    const bool scoped = operation.contains("x-required-scope");
    EXPECT_EQ(responses.contains("403"), scoped) << path;
    const bool ranged = std::ranges::any_of(
        operation.contains("parameters") ? operation.at("parameters").as_array()
                                         : boost::json::array{},
        [](const auto& p) { return p.at("$ref") == "#/components/parameters/from"; });
    if (ranged) {
      EXPECT_TRUE(responses.contains("400")) << path;
    }
  }
}

}  // namespace
}  // namespace api_test
