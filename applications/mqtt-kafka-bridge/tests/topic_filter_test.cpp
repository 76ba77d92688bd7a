#include "topic_filter.hpp"

#include <gtest/gtest.h>

namespace bridge {
namespace {

TEST(TopicFilter, ExactTopicsMatchOnlyThemselves) {
  EXPECT_TRUE(topic_matches("saveeye/telemetry", "saveeye/telemetry"));
  EXPECT_FALSE(topic_matches("saveeye/telemetry", "saveeye/telemetry/x"));
  EXPECT_FALSE(topic_matches("saveeye/telemetry", "saveeye"));
  EXPECT_FALSE(topic_matches("saveeye/telemetry", "Saveeye/telemetry"));
}

TEST(TopicFilter, PlusMatchesExactlyOneLevel) {
  EXPECT_TRUE(topic_matches("+/events/rpc", "shellyhtg3-e4b32322a0f4/events/rpc"));
  EXPECT_TRUE(topic_matches("+/events/rpc", "/events/rpc"));
  EXPECT_FALSE(topic_matches("+/events/rpc", "a/b/events/rpc"));
  EXPECT_FALSE(topic_matches("+/events/rpc", "shellyhtg3-x/events"));
  EXPECT_TRUE(topic_matches("a/+", "a/"));
  EXPECT_FALSE(topic_matches("a/+", "a"));
  EXPECT_TRUE(topic_matches("+/+", "a/b"));
}

TEST(TopicFilter, HashMatchesTheParentAndEverythingBelow) {
  EXPECT_TRUE(topic_matches("#", "anything/at/all"));
  EXPECT_TRUE(topic_matches("thermiq_heatpump/#", "thermiq_heatpump"));
  EXPECT_TRUE(topic_matches("thermiq_heatpump/#", "thermiq_heatpump/data"));
  EXPECT_TRUE(topic_matches("thermiq_heatpump/#", "thermiq_heatpump/data/x"));
  EXPECT_FALSE(topic_matches("thermiq_heatpump/#", "thermiq_heatpumps/data"));
  EXPECT_TRUE(topic_matches("+/events/#", "shellyhtg3-x/events/rpc"));
}

TEST(TopicFilter, WildcardsDoNotMatchDollarTopics) {
  EXPECT_FALSE(topic_matches("#", "$SYS/broker/uptime"));
  EXPECT_FALSE(topic_matches("+/broker/uptime", "$SYS/broker/uptime"));
  EXPECT_TRUE(topic_matches("$SYS/#", "$SYS/broker/uptime"));
}

TEST(TopicFilter, Validation) {
  for (const auto* good : {"a", "a/b", "+", "#", "+/events/rpc", "a/#", "/", "a//b", "$SYS/#"}) {
    EXPECT_TRUE(is_valid_topic_filter(good)) << good;
  }
  for (const auto* bad : {"", "a/#/b", "a#", "#/a", "a/b+", "+a/b", "a/##"}) {
    EXPECT_FALSE(is_valid_topic_filter(bad)) << bad;
  }
}

}  // namespace
}  // namespace bridge
