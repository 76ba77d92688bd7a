#pragma once

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/http/request.hpp"
#include "core/http/response.hpp"

namespace core::http {

// A handler may co_await (offload, timers). It is stored for the server's lifetime, so a lambda
// may capture what it needs; it runs on any io_context thread, one request at a time per
// connection but concurrently across connections.
using Handler = std::function<boost::asio::awaitable<Response>(Request&)>;

// The route group that never requires authentication (/healthz, /readyz, /metrics).
inline constexpr std::string_view kPublicGroup = "public";

struct Route {
  Verb method;
  std::string pattern;  // "/api/v1/heatpump/settings/{device_id}"
  // The route group the authenticator authorizes (for example "energy"); the built-in endpoints
  // are in kPublicGroup.
  std::string group;
  Handler handler;
};

struct Match {
  const Route* route = nullptr;  // the route for this method and path, if any
  std::string_view pattern;      // a pattern matching the path with any method; empty: 404
  std::vector<Verb> allowed;     // the methods of the matching patterns, for 405's Allow
  Params params;                 // the route's {name} segments, percent-decoded
};

// Matches whole, percent-decoded segments; a {name} segment matches any non-empty segment. HEAD
// is served by the GET route. Routes are tried in the order they were added.
class Router {
 public:
  // Throws std::invalid_argument for a malformed pattern or a method and pattern added twice.
  void add(Verb method, std::string pattern, Handler handler, std::string group = {});
  // path is the encoded path of the request target ("/a/b%20c").
  Match match(Verb method, std::string_view path) const;

 private:
  struct Entry {
    Route route;
    std::vector<std::string> segments;
  };
  std::vector<Entry> entries_;
};

// The value of an Allow header: "GET, HEAD, PUT".
std::string allow_header(const std::vector<Verb>& methods);

}  // namespace core::http
