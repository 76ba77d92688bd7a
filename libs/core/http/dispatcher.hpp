#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string_view>
#include <tuple>

#include "core/http/cors.hpp"
#include "core/http/request.hpp"
#include "core/http/response.hpp"
#include "core/http/router.hpp"
#include "core/metrics/exposition.hpp"

namespace core::http {

// Runs before the handler of every route outside kPublicGroup, given the route's group: it sets
// request.identity and returns nullopt to let the handler run, or returns the response (401, 403)
// that answers the request instead. core/auth provides one; see Server::set_authenticator.
using Authenticator =
    std::function<boost::asio::awaitable<std::optional<Response>>(Request&, std::string_view)>;

// What the server does with a request once it has been read: answers CORS preflights, routes,
// authenticates, calls the handler (turning its exceptions into error responses), adds CORS headers
// and records the request metrics. Part of Server.
class Dispatcher {
 public:
  Dispatcher(const Router& router, const Cors& cors, metrics::Registry& registry);

  // Before the server runs; without one every route is open.
  void set_authenticator(Authenticator authenticator) { authenticator_ = std::move(authenticator); }

  // Never throws.
  boost::asio::awaitable<Response> dispatch(Message message,
                                            boost::asio::ip::tcp::endpoint peer) const;

 private:
  boost::asio::awaitable<Response> respond(Request& request, Match& match) const;
  void observe(Verb method, std::string_view route, Status status,
               std::chrono::steady_clock::duration elapsed) const;

  // The series of one route, method and status. The route is the router's pattern (or a
  // literal), which stays where it is while the server runs.
  using SeriesKey = std::tuple<std::string_view, Verb, Status>;
  struct Series {
    prometheus::Counter* requests;
    prometheus::Histogram* duration;
  };

  const Router& router_;
  const Cors& cors_;
  Authenticator authenticator_;
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& durations_;
  prometheus::Histogram::BucketBoundaries buckets_;
  // Family::Add builds and hashes a label map per call; the series found once are kept here.
  mutable std::mutex series_mutex_;
  mutable std::map<SeriesKey, Series> series_;
};

}  // namespace core::http
