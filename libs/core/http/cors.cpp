#include "core/http/cors.hpp"

#include <algorithm>
#include <string>

namespace core::http {

bool Cors::is_preflight(const Request& request) {
  return request.method() == Verb::options && !request.header(Field::origin).empty() &&
         !request.header(Field::access_control_request_method).empty();
}

Response Cors::preflight(const Request& request) const {
  const auto origin = request.header(Field::origin);
  if (!allowed(origin)) {
    return error(Status::forbidden, "origin not allowed");
  }
  Response response{Status::no_content, 11};
  add_origin_headers(origin, response);
  response.set(Field::vary, "Origin");
  response.set(Field::access_control_allow_methods, options_.allowed_methods);
  response.set(Field::access_control_allow_headers, options_.allowed_headers);
  response.set(Field::access_control_max_age, std::to_string(options_.max_age.count()));
  return response;
}

void Cors::decorate(const Request& request, Response& response) const {
  if (options_.allowed_origins.empty()) {
    return;
  }
  // The CORS headers depend on Origin, so a cache must key on it even when they are absent.
  // insert() keeps a Vary the handler set.
  response.insert(Field::vary, "Origin");
  const auto origin = request.header(Field::origin);
  if (!allowed(origin)) {
    return;
  }
  add_origin_headers(origin, response);
  if (!options_.exposed_headers.empty()) {
    response.set(Field::access_control_expose_headers, options_.exposed_headers);
  }
}

bool Cors::allowed(std::string_view origin) const {
  return !origin.empty() &&
         std::ranges::find(options_.allowed_origins, origin) != options_.allowed_origins.end();
}

void Cors::add_origin_headers(std::string_view origin, Response& response) const {
  response.set(Field::access_control_allow_origin, origin);
  if (options_.allow_credentials) {
    response.set(Field::access_control_allow_credentials, "true");
  }
}

}  // namespace core::http
