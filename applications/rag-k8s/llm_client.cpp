#include "llm_client.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>
#include <exception>

namespace rag {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

constexpr int kMaxTokens = 300;
constexpr std::chrono::seconds kProbeTimeout{2};

struct Endpoint {
  std::string host;
  std::string port;
  std::string path;  // without a trailing '/'
};

Endpoint parse_endpoint(const std::string& base_url) {
  const auto url = boost::urls::parse_uri(base_url);
  if (!url || url->scheme() != "http" || url->host().empty()) {
    throw LlmError("llm.base_url is not an http:// URL");
  }
  std::string path = url->path();
  while (!path.empty() && path.back() == '/') {
    path.pop_back();
  }
  return {url->host(), url->has_port() ? std::string(url->port()) : "80", path};
}

asio::awaitable<Response> exchange(const Endpoint& endpoint, Request request,
                                   std::chrono::seconds timeout) {
  auto executor = co_await asio::this_coro::executor;
  asio::ip::tcp::resolver resolver(executor);
  beast::tcp_stream stream(executor);
  stream.expires_after(timeout);
  const auto addresses =
      co_await resolver.async_resolve(endpoint.host, endpoint.port, asio::use_awaitable);
  co_await stream.async_connect(addresses, asio::use_awaitable);
  co_await http::async_write(stream, request, asio::use_awaitable);
  beast::flat_buffer buffer;
  Response response;
  co_await http::async_read(stream, buffer, response, asio::use_awaitable);
  beast::error_code ignored;
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  co_return response;
}

// One request on a private io_context; the stream's expiry bounds the whole exchange.
Response send(const Endpoint& endpoint, Request request, std::chrono::seconds timeout) {
  asio::io_context ioc;
  Response response;
  std::exception_ptr failure;
  asio::co_spawn(ioc, exchange(endpoint, std::move(request), timeout),
                 [&](const std::exception_ptr& e, Response r) {
                   failure = e;
                   response = std::move(r);
                 });
  ioc.run();
  if (failure) {
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& e) {
      throw LlmError(std::string("model endpoint unreachable: ") + e.what());
    }
  }
  return response;
}

Request make_request(http::verb method, const Endpoint& endpoint, const std::string& target,
                     const std::string& api_key) {
  Request request{method, endpoint.path + target, 11};
  request.set(http::field::host, endpoint.host);
  request.set(http::field::user_agent, "rag-k8s");
  if (!api_key.empty()) {
    request.set(http::field::authorization, "Bearer " + api_key);
  }
  return request;
}

}  // namespace

json::object LlmClient::complete(const std::string& system, const std::string& user) const {
  const auto endpoint = parse_endpoint(settings_.base_url);
  auto request = make_request(http::verb::post, endpoint, "/chat/completions", settings_.api_key);
  request.set(http::field::content_type, "application/json");
  request.body() = json::serialize(
      json::object{{"model", settings_.model},
                   {"temperature", 0},
                   {"max_tokens", kMaxTokens},
                   {"response_format", {{"type", "json_object"}}},
                   {"messages", json::array{json::object{{"role", "system"}, {"content", system}},
                                            json::object{{"role", "user"}, {"content", user}}}}});
  request.prepare_payload();
  const auto response = send(endpoint, std::move(request), settings_.timeout);
  if (response.result() != http::status::ok) {
    throw LlmError("model endpoint answered " + std::to_string(response.result_int()));
  }
  boost::system::error_code ec;
  const auto body = json::parse(response.body(), ec);
  const json::value* content = nullptr;
  if (!ec && body.is_object()) {
    if (const auto* choices = body.as_object().if_contains("choices");
        choices != nullptr && choices->is_array() && !choices->as_array().empty() &&
        choices->as_array().front().is_object()) {
      if (const auto* message = choices->as_array().front().as_object().if_contains("message");
          message != nullptr && message->is_object()) {
        content = message->as_object().if_contains("content");
      }
    }
  }
  if (content == nullptr || !content->is_string()) {
    throw LlmError("the model's answer has no choices[0].message.content");
  }
  const auto output = json::parse(content->as_string(), ec);
  if (ec || !output.is_object()) {
    throw LlmError("the model did not answer with a JSON object");
  }
  return output.as_object();
}

bool LlmClient::reachable() const {
  try {
    const auto endpoint = parse_endpoint(settings_.base_url);
    auto request = make_request(http::verb::get, endpoint, "/models", settings_.api_key);
    return send(endpoint, std::move(request), kProbeTimeout).result() == http::status::ok;
  } catch (const LlmError&) {
    return false;
  }
}

}  // namespace rag
