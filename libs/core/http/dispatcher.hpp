#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <string_view>

#include "core/http/cors.hpp"
#include "core/http/request.hpp"
#include "core/http/response.hpp"
#include "core/http/router.hpp"
#include "core/metrics/exposition.hpp"

namespace core::http {

// What the server does with a request once it has been read: answers CORS preflights, routes,
// calls the handler (turning its exceptions into error responses), adds CORS headers and records
// the request metrics. Part of Server.
class Dispatcher {
 public:
  Dispatcher(const Router& router, const Cors& cors, metrics::Registry& registry);

  // Never throws.
  boost::asio::awaitable<Response> dispatch(Message message,
                                            boost::asio::ip::tcp::endpoint peer) const;

 private:
  boost::asio::awaitable<Response> respond(Request& request, Match& match) const;
  void observe(Verb method, std::string_view route, Status status,
               std::chrono::steady_clock::duration elapsed) const;

  const Router& router_;
  const Cors& cors_;
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& durations_;
  prometheus::Histogram::BucketBoundaries buckets_;
};

}  // namespace core::http
