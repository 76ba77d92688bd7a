#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <stdexcept>

#include "core/http/error.hpp"
#include "core/http/json_body.hpp"
#include "test_support.hpp"

namespace core::http {
namespace {

using testing::Client;
using testing::RunningServer;

void add_handlers(Server& server) {
  auto& router = server.router();
  router.add(Verb::post, "/items", [](Request& request) -> boost::asio::awaitable<Response> {
    co_return json(Status::created, read_json(request));
  });
  router.add(Verb::get, "/throws", [](Request&) -> boost::asio::awaitable<Response> {
    throw std::runtime_error("password=hunter2 in a connection string");
    co_return text(Status::ok, "unreachable");
  });
  router.add(Verb::get, "/bad-input", [](Request&) -> boost::asio::awaitable<Response> {
    throw Error(Status::bad_request, "invalid 'to': expected RFC 3339 date-time");
    co_return text(Status::ok, "unreachable");
  });
}

Message post_items(std::string body, std::string_view content_type) {
  auto message = testing::make_request(Verb::post, "/items");
  if (!content_type.empty()) {
    message.set(Field::content_type, content_type);
  }
  message.body() = std::move(body);
  return message;
}

TEST(Handlers, ReadsAJsonBody) {
  RunningServer running(testing::test_options(), add_handlers);
  Client client(running.port());
  for (const auto* type : {"application/json", "Application/JSON; charset=utf-8"}) {
    const auto* sent = R"({"mode":"auto","target":21.5})";
    const auto response = client.request(post_items(sent, type));
    EXPECT_EQ(response.result(), Status::created) << type;
    EXPECT_EQ(testing::body_json(response), boost::json::parse(sent)) << type;
  }
}

TEST(Handlers, MalformedJsonIs400WithAClearMessage) {
  RunningServer running(testing::test_options(), add_handlers);
  Client client(running.port());
  for (const auto* body : {R"({"mode":)", "", R"({"a":1} trailing)"}) {
    const auto response = client.request(post_items(body, "application/json"));
    EXPECT_EQ(response.result(), Status::bad_request) << body;
    const auto message = testing::body_json(response).at("error").as_string();
    EXPECT_TRUE(message.starts_with("malformed JSON body: ")) << message;
  }
}

TEST(Handlers, ANonJsonContentTypeIs415) {
  RunningServer running(testing::test_options(), add_handlers);
  Client client(running.port());
  for (const auto* type : {"text/plain", "application/jsonx", ""}) {
    const auto response = client.request(post_items(R"({"a":1})", type));
    EXPECT_EQ(response.result(), Status::unsupported_media_type) << type;
    EXPECT_EQ(response.body(), R"({"error":"expected Content-Type application/json"})");
  }
}

TEST(Handlers, ExpectContinueIsAnsweredBeforeTheBody) {
  RunningServer running(testing::test_options(), add_handlers);
  Client client(running.port());
  client.send_raw(
      "POST /items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 7\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(client.read().result(), Status::continue_);
  client.send_raw(R"({"a":1})");
  EXPECT_EQ(client.read().result(), Status::created);
}

TEST(Handlers, AThrowingHandlerGives500WithoutDetails) {
  RunningServer running(testing::test_options(), add_handlers);
  Client client(running.port());
  const auto response = client.get("/throws");
  EXPECT_EQ(response.result(), Status::internal_server_error);
  EXPECT_EQ(response.body(), R"({"error":"internal error"})");
  EXPECT_EQ(response[Field::content_type], kJsonContentType);
  EXPECT_EQ(client.get("/healthz").result(), Status::ok);  // the connection survives
}

TEST(Handlers, AnErrorExceptionChoosesStatusAndMessage) {
  RunningServer running(testing::test_options(), add_handlers);
  Client client(running.port());
  const auto response = client.get("/bad-input");
  EXPECT_EQ(response.result(), Status::bad_request);
  EXPECT_EQ(response.body(), R"({"error":"invalid 'to': expected RFC 3339 date-time"})");
}

}  // namespace
}  // namespace core::http
