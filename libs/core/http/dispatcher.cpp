#include "core/http/dispatcher.hpp"

#include <spdlog/spdlog.h>

#include <boost/url/parse.hpp>
#include <exception>
#include <string>
#include <utility>

#include "core/http/error.hpp"

namespace core::http {
namespace {

namespace asio = boost::asio;

// The route label of requests that matched no route, so that unknown paths cannot blow up the
// number of time series.
constexpr std::string_view kUnmatched = "unmatched";

// RFC 9112 section 3.2: an HTTP/1.1 request has exactly one Host header, HTTP/1.0 at most one.
bool valid_host(const Message& message) {
  const auto hosts = message.count(Field::host);
  return message.version() >= 11 ? hosts == 1 : hosts <= 1;
}

// The handler's response, or the authenticator's when it turns the request away; exceptions
// become error responses and only the log sees their details.
asio::awaitable<Response> call(const Route& route, const Authenticator& authenticator,
                               Request& request) {
  try {
    if (authenticator && route.group != kPublicGroup) {
      auto denied = co_await authenticator(request, route.group);
      if (denied) {
        co_return std::move(*denied);
      }
    }
    auto response = co_await route.handler(request);
    co_return response;
  } catch (const Error& e) {
    co_return error(e.status(), e.what());
  } catch (const std::exception& e) {
    spdlog::error("http: {} {} failed: {}", boost::beast::http::to_string(request.method()),
                  request.path, e.what());
  } catch (...) {
    spdlog::error("http: {} {} failed with a non-standard exception",
                  boost::beast::http::to_string(request.method()), request.path);
  }
  co_return error(Status::internal_server_error, "internal error");
}

}  // namespace

Dispatcher::Dispatcher(const Router& router, const Cors& cors, metrics::Registry& registry)
    : router_(router),
      cors_(cors),
      requests_(prometheus::BuildCounter()
                    .Name("http_requests_total")
                    .Help("HTTP requests answered, by route pattern, method and status")
                    .Register(registry)),
      durations_(prometheus::BuildHistogram()
                     .Name("http_request_duration_seconds")
                     .Help("Time to answer a request once it was read, by route pattern")
                     .Register(registry)),
      buckets_(metrics::latency_buckets()) {}

asio::awaitable<Response> Dispatcher::dispatch(Message message,
                                               asio::ip::tcp::endpoint peer) const {
  const auto started = std::chrono::steady_clock::now();
  Request request;
  request.message = std::move(message);
  request.peer = peer;
  std::string_view route = kUnmatched;
  Response response;
  // The view points into request.message, which stays where it is.
  const auto target = boost::urls::parse_origin_form(request.message.target());
  if (!target || !valid_host(request.message)) {
    response = error(Status::bad_request, "malformed request target or Host header");
  } else {
    request.path = target->path();
    request.query = decode_query(*target);
    auto match = router_.match(request.method(), target->encoded_path());
    if (!match.pattern.empty()) {
      route = match.pattern;
    }
    response = co_await respond(request, match);
  }
  observe(request.method(), route, response.result(), std::chrono::steady_clock::now() - started);
  co_return response;
}

asio::awaitable<Response> Dispatcher::respond(Request& request, Match& match) const {
  // Browsers send preflights without credentials, so they are answered before any handler and
  // before authentication.
  if (Cors::is_preflight(request)) {
    co_return cors_.preflight(request);
  }
  Response response;
  if (match.route != nullptr) {
    request.path_params = std::move(match.params);
    response = co_await call(*match.route, authenticator_, request);
  } else if (match.pattern.empty()) {
    response = error(Status::not_found, "not found");
  } else {
    response = error(Status::method_not_allowed, "method not allowed");
    response.set(Field::allow, allow_header(match.allowed));
  }
  cors_.decorate(request, response);
  co_return response;
}

void Dispatcher::observe(Verb method, std::string_view route, Status status,
                         std::chrono::steady_clock::duration elapsed) const {
  Series series{};
  {
    const std::lock_guard lock(series_mutex_);
    const SeriesKey key{route, method, status};
    auto it = series_.find(key);
    if (it == series_.end()) {
      const std::string route_label(route);
      const Series found{
          &requests_.Add({{"method", std::string(boost::beast::http::to_string(method))},
                          {"route", route_label},
                          {"status", std::to_string(static_cast<unsigned>(status))}}),
          &durations_.Add({{"route", route_label}}, buckets_)};
      it = series_.emplace(key, found).first;
    }
    series = it->second;
  }
  series.requests->Increment();
  series.duration->Observe(std::chrono::duration<double>(elapsed).count());
}

}  // namespace core::http
