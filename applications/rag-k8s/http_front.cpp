#include "http_front.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/json/parse.hpp>

#include "core/http/offload.hpp"
#include "crypto.hpp"

namespace rag {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using core::http::Field;
using HttpRequest = core::http::Request;
using core::http::Response;
using core::http::Status;
using core::http::Verb;

constexpr std::size_t kBlockingThreads = 16;

Response answer(const Outcome& outcome) {
  return core::http::json(static_cast<Status>(outcome.status), outcome.body);
}

Response refusal(Status status, std::string_view error, std::string_view message) {
  return core::http::json(
      status, json::object{{"error", error}, {"message", message}, {"reasons", json::array()}});
}

bool is_json(std::string_view content_type) {
  auto type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && type.back() == ' ') {
    type.remove_suffix(1);
  }
  return boost::beast::iequals(type, "application/json");
}

// The name of the configured token matching the Authorization header. Every configured token is
// compared, in constant time, whatever matched before.
std::optional<std::string> caller_token(std::string_view authorization,
                                        const std::vector<HttpToken>& tokens) {
  constexpr std::string_view kScheme = "Bearer ";
  if (!authorization.starts_with(kScheme) || authorization.size() == kScheme.size()) {
    return std::nullopt;
  }
  const auto presented = sha256_hex(authorization.substr(kScheme.size()));
  std::optional<std::string> name;
  for (const auto& token : tokens) {
    if (constant_time_equal(presented, token.sha256)) {
      name = token.name;
    }
  }
  return name;
}

core::http::Handler decision_route(Engine& engine, asio::thread_pool& pool, Mode mode) {
  return [&engine, &pool, mode](HttpRequest& request) -> asio::awaitable<Response> {
    const auto caller = "token:" + request.identity->subject;
    if (!is_json(request.header(Field::content_type))) {
      co_return answer(engine.invalid(caller, "the body must be application/json"));
    }
    if (request.body().size() > kMaxBodyBytes) {
      co_return answer(engine.invalid(caller, "the body is larger than 64 KiB"));
    }
    boost::system::error_code ec;
    auto body = json::parse(request.body(), ec);
    if (ec) {
      co_return answer(engine.invalid(caller, "malformed JSON body: " + ec.message()));
    }
    const auto outcome = co_await core::http::offload(
        pool, [&engine, &body, &caller, mode] { return engine.handle(body, caller, mode); });
    co_return answer(outcome);
  };
}

}  // namespace

core::http::Options http_options(const Settings& settings) {
  core::http::Options options;
  options.address = settings.http_address;
  options.port = settings.http_port;
  options.body_limit = std::uint64_t{1024} * 1024;
  options.body_limit_status = core::http::Status::bad_request;  // contract: anything else is 400
  options.blocking_threads = kBlockingThreads;
  // Only /health answers without a token (contract); the probes and metrics need one too.
  options.builtin_group = "rag";
  return options;
}

void install_routes(core::http::Server& server, Engine& engine,
                    const std::vector<HttpToken>& tokens) {
  server.set_authenticator([&tokens](HttpRequest& request,
                                     std::string_view) -> asio::awaitable<std::optional<Response>> {
    // No browser may call this tool: a page's fetch always carries Origin.
    if (!request.header(Field::origin).empty()) {
      co_return refusal(Status::forbidden, "forbidden", "browser requests are not accepted");
    }
    auto name = caller_token(request.header(Field::authorization), tokens);
    if (!name) {
      auto response =
          refusal(Status::unauthorized, "unauthorized", "a valid bearer token is required");
      response.set(Field::www_authenticate, "Bearer");
      co_return response;
    }
    core::http::Identity identity;
    identity.subject = *name;
    identity.username = *name;
    request.identity = std::move(identity);
    co_return std::nullopt;
  });
  auto& router = server.router();
  auto& pool = server.blocking_pool();
  router.add(Verb::post, "/k8s-exec", decision_route(engine, pool, Mode::exec), "rag");
  router.add(Verb::post, "/k8s-plan", decision_route(engine, pool, Mode::plan), "rag");
  router.add(
      Verb::get, "/k8s-cards",
      [&engine](HttpRequest& request) -> asio::awaitable<Response> {
        std::optional<std::string> query;
        if (const auto q = request.query_param("query")) {
          query = std::string(*q);
        }
        co_return core::http::json(Status::ok, json::object{{"cards", engine.list_cards(query)}});
      },
      "rag");
  router.add(
      Verb::get, "/health",
      [&engine, &pool](HttpRequest& request) -> asio::awaitable<Response> {
        if (!request.header(Field::origin).empty()) {
          co_return refusal(Status::forbidden, "forbidden", "browser requests are not accepted");
        }
        const bool loaded =
            co_await core::http::offload(pool, [&engine] { return engine.model_loaded(); });
        co_return core::http::json(Status::ok, json::object{{"status", "healthy"},
                                                            {"model_loaded", loaded},
                                                            {"cards", engine.card_count()}});
      },
      std::string(core::http::kPublicGroup));
}

}  // namespace rag
