// Frames and subscriptions over a real WebSocket through the real broker (contracts/energy-ws.md
// sections 3 to 5).
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/time/rfc3339.hpp"
#include "ws_fixture.hpp"

namespace ws_test {
namespace {

using boost::json::object;

bool is_ms_utc(const boost::json::value& timestamp) {
  if (!timestamp.is_string()) {
    return false;
  }
  const std::string text(timestamp.get_string());
  // 2026-01-16T21:10:09.512Z
  return text.size() == 24 && text[19] == '.' && text.ends_with('Z') &&
         core::time::parse_rfc3339(text).has_value();
}

std::string streams_of(const object& frame) {
  return boost::json::serialize(frame.at("streams"));
}

class WsFrames : public WsFixture {
 protected:
  void SetUp() override { start(); }
};

TEST_F(WsFrames, FramesArriveInOrderWithTheKafkaValueVerbatim) {
  // A client that never subscribed receives the energy stream.
  auto client = connect();
  const auto me = device("order");
  sync(*client, kEnergyTopic, me);
  std::vector<std::string> values;
  for (int seq = 0; seq < 30; ++seq) {
    values.push_back(reading(me, seq));
    produce(kEnergyTopic, me, values.back());
  }
  for (int seq = 0; seq < 30; ++seq) {
    std::string text;
    object frame;
    while (true) {
      text = client->read().value();
      frame = parse_frame(text);
      if (data_of(me)(frame)) {
        break;
      }
    }
    ASSERT_EQ(frame.at("data").at("seq").as_int64(), seq);
    EXPECT_EQ(frame.at("stream"), "energy");
    EXPECT_TRUE(is_ms_utc(frame.at("timestamp"))) << text;
    // Not re-serialised: "21.30" and the spaces survive.
    const auto suffix = R"("data":)" + values[static_cast<std::size_t>(seq)] + "}";
    EXPECT_TRUE(text.ends_with(suffix)) << text;
  }
}

TEST_F(WsFrames, SubscriptionsFilterStreams) {
  auto heatpump_only = connect();
  heatpump_only->send(R"({"type":"subscribe","streams":["heatpump"]})");
  EXPECT_EQ(streams_of(heatpump_only->read_until(of_type("subscribed"))), R"(["heatpump"])");
  auto energy_default = connect();
  const auto me = device("filter");
  sync(*heatpump_only, kHeatpumpTopic, me);
  sync(*energy_default, kEnergyTopic, me);

  produce(kEnergyTopic, me, reading(me, 1));
  energy_default->read_until(data_of(me));
  // Published after the energy record reached the hub, so a leaked energy frame would come first.
  produce(kHeatpumpTopic, me, reading(me, 2));
  std::vector<object> frames;
  heatpump_only->read_until([&](const object& frame) {
    frames.push_back(frame);
    return data_of(me)(frame);
  });
  for (const auto& frame : frames) {
    if (of_type("data")(frame)) {
      EXPECT_EQ(frame.at("stream"), "heatpump") << boost::json::serialize(frame);
    }
  }
  EXPECT_EQ(frames.back().at("data").at("seq"), 2);

  heatpump_only->send(R"({"type":"unsubscribe","streams":["heatpump","energy","nope"]})");
  EXPECT_EQ(streams_of(heatpump_only->read_until(of_type("unsubscribed"))), R"(["heatpump"])");
  // An empty set stays empty: once another subscriber has the next heatpump record, the client
  // has been sent nothing but the pong it asks for.
  auto witness = connect();
  witness->send(R"({"type":"subscribe","streams":["heatpump"]})");
  witness->read_until(of_type("subscribed"));
  produce(kHeatpumpTopic, me, reading(me, 3));
  witness->read_until(
      [&](const object& f) { return data_of(me)(f) && f.at("data").at("seq") == 3; });
  heatpump_only->send(R"({"type":"ping"})");
  heatpump_only->read_until([](const object& frame) {
    EXPECT_FALSE(of_type("data")(frame)) << boost::json::serialize(frame);
    return of_type("pong")(frame);
  });

  // The first unsubscribe of a client that never subscribed removes the default energy stream.
  energy_default->send(R"({"type":"unsubscribe","streams":["energy"]})");
  EXPECT_EQ(streams_of(energy_default->read_until(of_type("unsubscribed"))), R"(["energy"])");
}

TEST_F(WsFrames, SubscribeRepliesAndSendsTheLatestReadingFirst) {
  auto first = connect();
  first->send(R"({"type":"subscribe","streams":["temperature"]})");
  first->read_until(of_type("subscribed"));
  const auto me = device("latest");
  sync(*first, kTemperatureTopic, me);
  const auto latest = reading(me, 7);
  produce(kTemperatureTopic, me, latest);
  first->read_until(data_of(me));

  auto second = connect();
  second->send(R"({"type":"subscribe","streams":["temperature","energy","temperature"]})");
  auto text = second->read().value();
  auto frame = parse_frame(text);
  ASSERT_EQ(frame.at("type"), "subscribed") << text;
  EXPECT_EQ(streams_of(frame), R"(["temperature","energy"])");
  // Only this test writes temperature records, so the latest one is ours.
  text = second->read().value();
  frame = parse_frame(text);
  ASSERT_TRUE(of_type("data")(frame)) << text;
  if (frame.at("stream") == "energy") {  // the energy stream's latest may come first
    text = second->read().value();
    frame = parse_frame(text);
  }
  EXPECT_EQ(frame.at("stream"), "temperature") << text;
  EXPECT_TRUE(text.ends_with(R"("data":)" + latest + "}")) << text;

  // Subscribing again sends the reply and nothing more: the next temperature frame is new.
  second->send(R"({"type":"subscribe","streams":["temperature"]})");
  second->read_until(of_type("subscribed"));
  produce(kTemperatureTopic, me, reading(me, 8));
  const auto next = second->read_until(
      [](const object& f) { return of_type("data")(f) && f.at("stream") == "temperature"; });
  EXPECT_EQ(next.at("data").at("seq"), 8);
}

TEST_F(WsFrames, PingGetsPongAndBadFramesGetErrors) {
  auto client = connect();
  client->send(R"({"type":"ping"})");
  const auto pong = client->read_until(of_type("pong"));
  EXPECT_TRUE(is_ms_utc(pong.at("timestamp")));

  const auto expect_error = [&](std::string_view sent, std::string_view code) {
    client->send(sent);
    const auto error = client->read_until(of_type("error"));
    EXPECT_EQ(std::string_view(error.at("code").as_string()), code) << sent;
    EXPECT_TRUE(error.at("message").is_string());
  };
  expect_error("not json", "bad_request");
  expect_error(R"({"type":"hello"})", "bad_request");
  expect_error(R"({"type":"subscribe","streams":"energy"})", "bad_request");
  expect_error(R"({"type":"subscribe","streams":[1]})", "bad_request");
  client->send(R"({"type":"subscribe","streams":["outdoor","heatpump"]})");
  const auto unknown = client->read_until(of_type("error"));
  EXPECT_EQ(unknown.at("code"), "unknown_stream");
  EXPECT_NE(std::string(unknown.at("message").as_string()).find("outdoor"), std::string::npos);
  EXPECT_EQ(streams_of(client->read_until(of_type("subscribed"))), R"(["heatpump"])");
  // The socket stayed open through all of it.
  client->send(R"({"type":"ping"})");
  client->read_until(of_type("pong"));
}

TEST_F(WsFrames, StreamsNeedTheirScopeAtSubscribe) {
  auto client = connect("openid read:energy");
  client->send(R"({"type":"subscribe","streams":["energy","heatpump"]})");
  const auto forbidden = client->read_until(of_type("error"));
  EXPECT_EQ(forbidden.at("code"), "forbidden");
  EXPECT_NE(std::string(forbidden.at("message").as_string()).find("read:heatpump"),
            std::string::npos);
  EXPECT_EQ(streams_of(client->read_until(of_type("subscribed"))), R"(["energy"])");
}

TEST_F(WsFrames, MetricsCountConnectionsAndFrames) {
  auto client = connect();
  const auto me = device("metrics");
  sync(*client, kEnergyTopic, me);
  const auto text = metrics();
  for (const auto* expected : {"ws_connections 1", "ws_frames_sent_total{stream=\"energy\"}",
                               "ws_frames_dropped_total{stream=\"heatpump\"} 0",
                               "kafka_records_total{topic=\"homelab-energy-realtime\"}",
                               "kafka_invalid_json_total{topic=\"homelab-energy-realtime\"}",
                               "kafka_consumer_lag_seconds{topic=\"homelab-energy-realtime\"}"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
  core::http::testing::Client http(port());
  EXPECT_EQ(http.get("/health").body(), "OK");
  EXPECT_EQ(http.get("/healthz").body(), R"({"status":"ok"})");
  EXPECT_EQ(http.get("/readyz").body(), R"({"status":"ready"})");
}

TEST_F(WsFrames, InvalidJsonIsCountedAndDropped) {
  auto client = connect();
  const auto me = device("invalid");
  sync(*client, kEnergyTopic, me);
  const auto before = metrics();
  produce(kEnergyTopic, me, "not json");
  produce(kEnergyTopic, me, "[1,2]");
  produce(kEnergyTopic, me, reading(me, 1));
  // The valid record after the invalid ones arrives; the invalid ones never do.
  const auto frame = client->read_until(data_of(me));
  EXPECT_EQ(frame.at("data").at("seq"), 1);
  EXPECT_NE(metrics(), before);
  EXPECT_EQ(metrics().find("kafka_invalid_json_total{topic=\"homelab-energy-realtime\"} 0"),
            std::string::npos);
}

// The last record of each partition, read at start-up, seeds the latest reading; it is not news.
// A client connected as soon as the service is ready (usually before the consumer fetched those
// records) never receives it as a data frame.
class WsStartup : public WsFixture {};

TEST_F(WsStartup, RecordsFromBeforeTheStartOnlySeedTheLatestReading) {
  const auto me = device("seed");
  {
    core::kafka::Producer early(
        {{"bootstrap.servers", default_config().kafka_brokers}, {"linger.ms", "0"}});
    const auto delivery = early.produce(kEnergyTopic, me, reading(me, 0)).get();
    ASSERT_TRUE(delivery.ok()) << delivery.error_message;
  }
  start();
  auto client = connect();
  // Newer records of the same partition: once one arrives, the start-up record was handled.
  const auto after = me + "-after";
  bool through = false;
  bool seed_sent = false;
  for (int attempt = 0; attempt < 50 && !through; ++attempt) {
    produce(kEnergyTopic, me, reading(after, attempt));
    try {
      client->read_until(
          [&](const object& frame) {
            seed_sent = seed_sent || data_of(me)(frame);
            return data_of(after)(frame);
          },
          300ms);
      through = true;
    } catch (const ReadTimeout&) {
    }
  }
  ASSERT_TRUE(through) << "the service never delivered a record of " << kEnergyTopic;
  EXPECT_FALSE(seed_sent) << "a record from before the start was sent as news";
}

TEST_F(WsFrames, ShutdownClosesWith1001) {
  auto client = connect();
  service().stop();
  client->read_until_closed();
  EXPECT_EQ(client->close_code(), 1001);
}

}  // namespace
}  // namespace ws_test
