#include "api_routes.hpp"

#include "energy_routes.hpp"
#include "heatpump_routes.hpp"
#include "openapi_document.hpp"
#include "temperature_routes.hpp"
#include "user_info.hpp"

namespace homelab_api {
namespace {

namespace asio = boost::asio;
using core::http::Request;
using core::http::Response;
using core::http::Status;
using core::http::Verb;

// Liveness in the original's form: text/plain "OK".
ApiRoute health_route() {
  return {
      Verb::get, "/health", std::string(core::http::kPublicGroup),
      [](Request&) -> asio::awaitable<Response> { co_return core::http::text(Status::ok, "OK"); }};
}

ApiRoute openapi_route() {
  return {Verb::get, "/api/v1/openapi.json", std::string(core::http::kPublicGroup),
          [](Request&) -> asio::awaitable<Response> {
            co_return core::http::text(Status::ok, std::string(openapi_document()),
                                       core::http::kJsonContentType);
          }};
}

void append(std::vector<ApiRoute>& routes, std::vector<ApiRoute> more) {
  for (auto& route : more) {
    routes.push_back(std::move(route));
  }
}

}  // namespace

std::vector<ApiRoute> api_routes(const RouteContext& context) {
  std::vector<ApiRoute> routes = {health_route(), openapi_route(), user_info_route(context)};
  append(routes, energy_routes(context));
  append(routes, heatpump_routes(context));
  append(routes, temperature_routes(context));
  return routes;
}

void add_routes(core::http::Router& router, const std::vector<ApiRoute>& routes) {
  for (const auto& route : routes) {
    router.add(route.method, route.pattern, route.handler, route.group);
  }
}

}  // namespace homelab_api
