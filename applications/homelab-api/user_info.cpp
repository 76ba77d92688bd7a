#include "user_info.hpp"

#include <algorithm>
#include <boost/json/object.hpp>
#include <chrono>
#include <stdexcept>

#include "json_text.hpp"

namespace homelab_api {
namespace {

namespace json = boost::json;
using core::http::Request;
using core::http::Response;

json::object user_info(const core::http::Identity& identity, core::time::TimePoint now) {
  json::object out{{"token", nullptr},
                   {"username", identity.username},
                   {"email", nullptr},
                   {"expires_in", nullptr}};
  if (identity.token) {
    out["token"] = *identity.token;
  }
  if (identity.email) {
    out["email"] = *identity.email;
  }
  if (identity.expires_at) {
    const auto left = std::chrono::duration_cast<std::chrono::seconds>(*identity.expires_at - now);
    out["expires_in"] = std::max<std::int64_t>(left.count(), 0);
  }
  return out;
}

// The authenticator has set request.identity before (in none mode, the anonymous caller).
boost::asio::awaitable<Response> respond(Clock now, Request& request) {
  if (!request.identity) {
    throw std::logic_error("user/info ran without an authenticated identity");
  }
  co_return json_response(user_info(*request.identity, now()));
}

}  // namespace

ApiRoute user_info_route(const RouteContext& context) {
  return {core::http::Verb::get, "/api/v1/user/info", "user",
          [now = context.now](Request& request) { return respond(now, request); }};
}

}  // namespace homelab_api
