// Back-pressure and liveness (contracts/energy-ws.md sections 2, 5 and 6): a client that stops
// reading does not delay the others, the connection limit, and unanswered protocol pings.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <thread>

#include "ws_fixture.hpp"

namespace ws_test {
namespace {

double metric_value(const std::string& text, const std::string& series) {
  const auto at = text.find(series + " ");
  return at == std::string::npos ? -1 : std::stod(text.substr(at + series.size() + 1));
}

class WsBackpressure : public WsFixture {};

TEST_F(WsBackpressure, AClientThatStopsReadingDoesNotDelayOthers) {
  auto config = default_config();
  config.send_queue_frames = 16;
  config.stuck_timeout = std::chrono::seconds(3);
  config.close_timeout = 10s;
  start(config);
  const auto* const subscribe = R"({"type":"subscribe","streams":["heatpump"]})";
  auto fast = connect();
  fast->send(subscribe);
  fast->read_until(of_type("subscribed"));
  const auto me = device("slow");
  sync(*fast, kHeatpumpTopic, me);
  // A small receive buffer, and after the reply to its subscribe it never reads: once the kernel
  // buffers are full the server's writes to it stop completing, and its queue overflows.
  auto slow_options = with_token();
  slow_options.receive_buffer = 4096;
  WsClient slow(port(), slow_options);
  slow.send(subscribe);
  slow.read_until(of_type("subscribed"));

  // 32 KiB records, each produced once the reading client has the one before: the reading client
  // never falls behind, so any frame it misses or any wait it sees comes from the other one. Until
  // the stuck client's queue overflowed (megabytes of kernel buffers first), then a few more.
  const auto dropped = [&] {
    return metric_value(metrics(), R"(ws_frames_dropped_total{stream="heatpump"})");
  };
  std::chrono::steady_clock::duration slowest{};
  int overflowed_at = -1;
  std::chrono::steady_clock::time_point overflowed;
  for (int seq = 0; overflowed_at < 0 || seq < overflowed_at + 10; ++seq) {
    ASSERT_LT(seq, 2000) << "the stuck client's queue never overflowed";
    const auto sent = std::chrono::steady_clock::now();
    produce(kHeatpumpTopic, me, reading(me, seq, std::size_t{32} * 1024));
    const auto frame = fast->read_until(data_of(me), 5s);
    ASSERT_EQ(frame.at("data").at("seq"), seq) << "the reading client lost or reordered frames";
    slowest = std::max(slowest, std::chrono::steady_clock::now() - sent);
    if (overflowed_at < 0 && seq % 8 == 7 && dropped() > 0) {
      overflowed_at = seq;
      overflowed = std::chrono::steady_clock::now();
    }
  }
  // Everything above happened while the other client was stuck and still connected: its close
  // comes only after the stuck timeout (3 s), far more than any frame took.
  EXPECT_LT(slowest, 1500ms);
  EXPECT_EQ(metric_value(metrics(), R"(ws_closed_total{reason="slow_consumer"})"), -1)
      << "the stuck client was closed before the reading client was done";

  // Then the stuck client is dropped with 4002 after its slow_consumer error. Its writes stopped
  // before the overflow, so the server gives up on it within 1.25 times the stuck timeout of
  // that; reading sooner would let it catch up.
  std::this_thread::sleep_until(overflowed + 4s);
  const auto error = slow.read_until(of_type("error"), 15s);
  EXPECT_EQ(error.at("code"), "slow_consumer");
  slow.read_until_closed(10s);
  EXPECT_EQ(slow.close_code(), 4002);
  const auto text = metrics();
  EXPECT_GT(metric_value(text, R"(ws_frames_dropped_total{stream="heatpump"})"), 0) << text;
  EXPECT_EQ(metric_value(text, R"(ws_closed_total{reason="slow_consumer"})"), 1) << text;
}

TEST_F(WsBackpressure, ConnectionLimitAnsweredWith503) {
  auto config = default_config();
  config.max_connections = 2;
  start(config);
  auto first = connect();
  {
    auto second = connect();
    const auto refused = WsClient::attempt(port(), with_token());
    EXPECT_EQ(refused.result_int(), 503U);
    EXPECT_EQ(refused["Retry-After"], "5");
    EXPECT_EQ(boost::json::parse(refused.body()),
              boost::json::parse(R"({"error":"too many connections"})"));
    second->send(R"({"type":"ping"})");  // the open ones are served
    second->read_until(of_type("pong"));
  }
  // A closed connection frees its slot (the server notices the TCP close).
  for (int attempt = 0; attempt < 100; ++attempt) {
    if (WsClient::attempt(port(), with_token()).result_int() == 101) {
      return;
    }
    std::this_thread::sleep_for(20ms);
  }
  FAIL() << "the slot of a closed connection was not released";
}

TEST_F(WsBackpressure, UnansweredProtocolPingsCloseWith1011) {
  auto config = default_config();
  config.ping_interval = 100ms;
  config.pong_timeout = 600ms;
  start(config);
  auto answering = connect();
  answering->send(R"({"type":"subscribe","streams":[]})");
  auto silent = connect();
  silent->send(R"({"type":"subscribe","streams":[]})");
  // Reading answers pings (Beast replies to them); not reading leaves them unanswered.
  const auto until = std::chrono::steady_clock::now() + 1500ms;
  while (std::chrono::steady_clock::now() < until) {
    try {
      answering->read(50ms);
    } catch (const ReadTimeout&) {
    }
  }
  EXPECT_GE(answering->pings_received(), 5);
  silent->read_until_closed();
  EXPECT_EQ(silent->close_code(), 1011);
  answering->send(R"({"type":"ping"})");
  answering->read_until(of_type("pong"));
}

}  // namespace
}  // namespace ws_test
