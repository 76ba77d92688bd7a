// Client frame parsing and server frame text (contracts/energy-ws.md section 4).
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <chrono>

#include "client_frame.hpp"
#include "server_frame.hpp"

namespace energy_ws {
namespace {

using namespace std::chrono_literals;

constexpr Clock::time_point kSent{1768597809512ms};  // 2026-01-16T21:10:09.512Z

ClientFrame parsed(std::string_view text) {
  auto result = parse_client_frame(text);
  EXPECT_TRUE(std::holds_alternative<ClientFrame>(result)) << text;
  return std::holds_alternative<ClientFrame>(result) ? std::get<ClientFrame>(result)
                                                     : ClientFrame{};
}

TEST(ClientFrame, ParsesSubscribeUnsubscribeAndPing) {
  const auto subscribe = parsed(R"({"type":"subscribe","streams":["energy","heatpump"]})");
  EXPECT_EQ(subscribe.type, ClientFrame::Type::subscribe);
  EXPECT_EQ(subscribe.streams, (std::vector<std::string>{"energy", "heatpump"}));
  const auto unsubscribe = parsed(R"({"type":"unsubscribe","streams":[]})");
  EXPECT_EQ(unsubscribe.type, ClientFrame::Type::unsubscribe);
  EXPECT_TRUE(unsubscribe.streams.empty());
  EXPECT_EQ(parsed(R"({"type":"ping","extra":1})").type, ClientFrame::Type::ping);
}

TEST(ClientFrame, RefusesWhatIsNotAFrame) {
  for (const auto* text :
       {"", "not json", "[]", R"({"streams":["energy"]})", R"({"type":1})", R"({"type":"hello"})",
        R"({"type":"subscribe"})", R"({"type":"subscribe","streams":"energy"})",
        R"({"type":"unsubscribe","streams":["energy",2]})"}) {
    EXPECT_TRUE(std::holds_alternative<BadRequest>(parse_client_frame(text))) << text;
  }
}

TEST(ServerFrame, DataFrameCarriesTheValueVerbatim) {
  const std::string value = R"({"ts":"2026-01-16T21:10:09.123Z", "v":21.30,"fields":{}})";
  const auto frame = data_frame(Stream::temperature, value, kSent);
  EXPECT_EQ(frame,
            R"({"type":"data","stream":"temperature","timestamp":"2026-01-16T21:10:09.512Z",)"
            R"("data":)" +
                value + "}");
  EXPECT_TRUE(boost::json::parse(frame).is_object());
}

TEST(ServerFrame, ControlFrames) {
  EXPECT_EQ(streams_frame("subscribed", {Stream::energy, Stream::heatpump}),
            R"({"type":"subscribed","streams":["energy","heatpump"]})");
  EXPECT_EQ(streams_frame("unsubscribed", {}), R"({"type":"unsubscribed","streams":[]})");
  EXPECT_EQ(pong_frame(kSent), R"({"type":"pong","timestamp":"2026-01-16T21:10:09.512Z"})");
  EXPECT_EQ(error_frame("token_expired", "token expired"),
            R"({"type":"error","code":"token_expired","message":"token expired"})");
}

}  // namespace
}  // namespace energy_ws
