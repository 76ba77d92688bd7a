#include "router.hpp"

#include "test_support.hpp"

namespace bridge::test {
namespace {

std::vector<std::pair<std::string, std::string>> headers(const KafkaRecord& record) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& header : record.headers) {
    out.emplace_back(header.name, header.value);
  }
  return out;
}

const std::string& error_reason(const KafkaRecord& record) {
  for (const auto& header : record.headers) {
    if (header.name == "x-error-reason") {
      return header.value;
    }
  }
  static const std::string none = "(no x-error-reason)";
  return none;
}

StreamConfig& stream(BridgeConfig& config, std::string_view name) {
  for (auto& s : config.streams) {
    if (s.name == name) {
      return s;
    }
  }
  throw std::out_of_range(std::string(name));
}

// kafka.md section 4, the example DLQ record.
TEST(Router, DeadLetterRecordCarriesTheOriginalBytesAndHeaders) {
  const Router router(BridgeConfig{});
  const std::string payload = R"({"temp": 1})";
  const auto routed = router.route({"saveeye/telemetry", payload, receive_time});
  EXPECT_EQ(routed.dead_letter, DeadLetterReason::missing_required);
  EXPECT_EQ(routed.stream, "energy");
  EXPECT_EQ(routed.record.topic, "homelab-dlq");
  EXPECT_FALSE(routed.record.key);
  EXPECT_EQ(routed.record.value, payload);
  EXPECT_EQ(headers(routed.record),
            (std::vector<std::pair<std::string, std::string>>{
                {"x-source-topic", "saveeye/telemetry"},
                {"x-error-reason", "missing_required: saveeyeDeviceSerialNumber"},
                {"x-received-at", "2026-01-16T21:10:09.123Z"},
                {"x-stage", "bridge"}}));
}

TEST(Router, DeadLetterKeyIsTheDeviceIdWhenKnown) {
  const Router router(BridgeConfig{});
  const std::string payload = R"({"Client_Name": "ThermIQ_1", "d0": "cold"})";
  const auto routed = router.route({"thermiq_heatpump/data", payload, receive_time});
  EXPECT_EQ(routed.dead_letter, DeadLetterReason::type_mismatch);
  EXPECT_EQ(routed.record.key, "ThermIQ_1");
  EXPECT_EQ(error_reason(routed.record), "type_mismatch: d0: expected a number, got string");
}

TEST(Router, InvalidUtf8GoesToTheDeadLetterTopicUnchanged) {
  const Router router(BridgeConfig{});
  const std::string payload = "{\"Client_Name\": \"\xff\xfe\", \"d0\": 1}";
  const auto routed = router.route({"thermiq_heatpump/data", payload, receive_time});
  EXPECT_EQ(routed.dead_letter, DeadLetterReason::invalid_json);
  EXPECT_EQ(routed.record.value, payload);
  EXPECT_EQ(error_reason(routed.record).rfind("invalid_json: ", 0), 0U);
}

TEST(Router, TopicWithoutStreamIsUnexpected) {
  const Router router(BridgeConfig{});
  const auto routed = router.route({"homelab/energy/realtime", "{}", receive_time});
  EXPECT_EQ(routed.dead_letter, DeadLetterReason::unexpected_topic);
  EXPECT_EQ(routed.stream, "");
  EXPECT_EQ(routed.record.topic, "homelab-dlq");
  EXPECT_EQ(error_reason(routed.record),
            "unexpected_topic: no stream subscribes to topic 'homelab/energy/realtime'");
}

TEST(Router, PlusFilterRoutesEveryShellyAndRejectsOtherDevices) {
  BridgeConfig config;
  stream(config, "temperature").mqtt_topics = {"+/events/rpc"};
  const Router router(config);
  const auto payload = read_fixture("shelly-notify-status.json");

  const auto shelly = router.route({"shellyhtg3-e4b32322a0f4/events/rpc", payload, receive_time});
  EXPECT_FALSE(shelly.dead_letter);
  EXPECT_EQ(shelly.record.topic, "homelab-temperature-indoor");
  EXPECT_EQ(shelly.record.key, "shellyhtg3-e4b32322a0f4");

  const auto other = router.route({"plug-1/events/rpc", payload, receive_time});
  EXPECT_EQ(other.stream, "temperature");
  EXPECT_EQ(other.dead_letter, DeadLetterReason::unexpected_topic);
  EXPECT_EQ(other.record.topic, "homelab-dlq");
}

TEST(Router, HashFilterAndFirstMatchingStreamWins) {
  BridgeConfig config;
  stream(config, "heatpump").mqtt_topics = {"thermiq_heatpump/#"};
  config.streams.push_back({"catch-all", "saveeye", {"#"}, "homelab-energy-realtime", {}});
  const Router router(config);
  const auto payload = read_fixture("thermiq.json");
  EXPECT_EQ(router.route({"thermiq_heatpump/data", payload, receive_time}).stream, "heatpump");
  EXPECT_EQ(router.route({"thermiq_heatpump/data/v2", payload, receive_time}).stream, "heatpump");
  EXPECT_EQ(router.route({"saveeye/telemetry", payload, receive_time}).stream, "energy");
  EXPECT_EQ(router.route({"somewhere/else", payload, receive_time}).stream, "catch-all");
}

TEST(Router, OversizedPayloadIsInvalidJsonWithoutParsing) {
  BridgeConfig config;
  config.max_payload_bytes = 1000;
  const Router router(config);
  auto payload = read_fixture("thermiq.json");
  payload.resize(1000, ' ');  // valid JSON padded with whitespace up to the limit
  EXPECT_FALSE(router.route({"thermiq_heatpump/data", payload, receive_time}).dead_letter);

  payload.push_back(' ');
  const auto routed = router.route({"thermiq_heatpump/data", payload, receive_time});
  EXPECT_EQ(routed.dead_letter, DeadLetterReason::invalid_json);
  EXPECT_EQ(error_reason(routed.record), "invalid_json: payload exceeds 1000 bytes (1001)");
  EXPECT_FALSE(routed.record.key);
  EXPECT_EQ(routed.record.value, payload);
}

TEST(Router, DefaultLimitIs64KiB) {
  const Router router(BridgeConfig{});
  const std::string payload(64 * 1024 + 1, ' ');
  const auto routed = router.route({"saveeye/telemetry", payload, receive_time});
  EXPECT_EQ(error_reason(routed.record), "invalid_json: payload exceeds 65536 bytes (65537)");
}

TEST(Router, ConfiguredLocationReachesTheShellyMapper) {
  BridgeConfig config;
  stream(config, "temperature").locations = {{"shellyhtg3-e4b32322a0f4/events/rpc", "bedroom"}};
  const Router router(config);
  const auto payload = read_fixture("shelly-full-status.json");
  const auto routed = router.route({"shellyhtg3-e4b32322a0f4/events/rpc", payload, receive_time});
  const auto value = boost::json::parse(routed.record.value);
  EXPECT_EQ(value.at("tags").at("location"), "bedroom");
}

TEST(Router, RejectsUnknownMappersAndZones) {
  BridgeConfig unknown_mapper;
  stream(unknown_mapper, "energy").mapper = "saveeye-v2";
  EXPECT_THROW(Router{unknown_mapper}, std::invalid_argument);
  BridgeConfig unknown_zone;
  unknown_zone.time_zone = "Europe/Atlantis";
  EXPECT_THROW(Router{unknown_zone}, std::invalid_argument);
}

}  // namespace
}  // namespace bridge::test
