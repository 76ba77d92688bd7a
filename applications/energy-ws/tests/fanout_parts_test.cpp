// The pieces of the fan-out that need no socket: the send queue, the latest-reading cache, the
// reading time of a Kafka value, the start-up records, stream names and token redaction.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "latest_cache.hpp"
#include "send_queue.hpp"
#include "startup_records.hpp"
#include "stream.hpp"
#include "stream_record.hpp"
#include "token_redaction.hpp"

namespace energy_ws {
namespace {

using namespace std::chrono_literals;

FramePtr data(Stream stream, std::string text) {
  return std::make_shared<const OutFrame>(OutFrame{std::move(text), stream, true});
}

FramePtr control(std::string text) {
  return std::make_shared<const OutFrame>(OutFrame{std::move(text)});
}

TEST(StartupRecords, OnlyTheFirstRecordBelowTheStartEndIsNotLive) {
  StartupRecords startup({{{"energy", 0}, 10}, {{"energy", 1}, 0}, {{"heatpump", 0}, 5}});
  EXPECT_FALSE(startup.live("energy", 0, 9));  // the last record at start
  EXPECT_TRUE(startup.live("energy", 0, 10));
  EXPECT_TRUE(startup.live("energy", 1, 0));  // empty at start: its first record is new
  EXPECT_TRUE(startup.live("energy", 1, 1));
  EXPECT_TRUE(startup.live("heatpump", 0, 7));  // records arrived between the two reads
  EXPECT_TRUE(startup.live("temperature", 0, 0));
}

TEST(SendQueue, DropsTheOldestDataFrameWhenFull) {
  SendQueue queue(2);
  EXPECT_EQ(queue.push_data(data(Stream::energy, "1")), nullptr);
  EXPECT_EQ(queue.push_data(data(Stream::heatpump, "2")), nullptr);
  const auto dropped = queue.push_data(data(Stream::energy, "3"));
  ASSERT_NE(dropped, nullptr);
  EXPECT_EQ(dropped->text, "1");
  EXPECT_EQ(queue.pop()->text, "2");
  EXPECT_EQ(queue.pop()->text, "3");
  EXPECT_EQ(queue.pop(), nullptr);
}

TEST(SendQueue, ControlFramesAreNeverDroppedAndGoFirst) {
  SendQueue queue(1);
  queue.push_data(data(Stream::energy, "d1"));
  for (int i = 0; i < 5; ++i) {
    queue.push_control(control("c" + std::to_string(i)));
  }
  queue.push_data(data(Stream::energy, "d2"));
  EXPECT_EQ(queue.control_size(), 5U);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(queue.pop()->text, "c" + std::to_string(i));
  }
  EXPECT_EQ(queue.pop()->text, "d2");
  EXPECT_TRUE(queue.empty());
}

TEST(SendQueue, DiscardsOneStreamOrAllData) {
  SendQueue queue(8);
  queue.push_data(data(Stream::energy, "e"));
  queue.push_data(data(Stream::heatpump, "h"));
  queue.push_control(control("c"));
  queue.discard(Stream::heatpump);
  EXPECT_EQ(queue.data_size(), 1U);
  queue.discard_data();
  EXPECT_EQ(queue.data_size(), 0U);
  EXPECT_EQ(queue.pop()->text, "c");
}

TEST(LatestCache, KeepsTheNewestReadingByTime) {
  LatestCache cache;
  EXPECT_EQ(cache.get(Stream::energy), nullptr);
  const Clock::time_point t0{1768597809000ms};
  EXPECT_TRUE(cache.offer(Stream::energy, {std::make_shared<const std::string>("new"), t0}));
  EXPECT_FALSE(
      cache.offer(Stream::energy, {std::make_shared<const std::string>("older"), t0 - 1s}));
  EXPECT_EQ(*cache.get(Stream::energy)->value, "new");
  EXPECT_TRUE(cache.offer(Stream::energy, {std::make_shared<const std::string>("same"), t0}));
  EXPECT_EQ(*cache.get(Stream::energy)->value, "same");
  EXPECT_EQ(cache.get(Stream::heatpump), nullptr);
}

TEST(ReadingTime, UsesTsElseTheRecordTimeAndRefusesNonObjects) {
  const Clock::time_point record{1768597800000ms};
  EXPECT_EQ(reading_time(R"({"ts":"2026-01-16T21:10:09.123Z"})", record),
            Clock::time_point(1768597809123ms));
  EXPECT_EQ(reading_time(R"({"ts":"2026-01-16T22:10:09.123+01:00"})", record),
            Clock::time_point(1768597809123ms));
  EXPECT_EQ(reading_time(R"({"ts":"yesterday"})", record), record);
  EXPECT_EQ(reading_time(R"({"device_id":"x"})", record), record);
  for (const auto* invalid : {"", "{", "[1]", "42", R"("text")", "{} trailing"}) {
    EXPECT_FALSE(reading_time(invalid, record).has_value()) << invalid;
  }
}

TEST(Stream, NamesScopesAndSets) {
  for (const auto stream : kAllStreams) {
    EXPECT_EQ(stream_named(stream_name(stream)), stream);
    EXPECT_EQ(stream_scope(stream), "read:" + std::string(stream_name(stream)));
  }
  EXPECT_FALSE(stream_named("outdoor").has_value());
  StreamSet set;
  set.add(Stream::heatpump);
  EXPECT_TRUE(set.contains(Stream::heatpump));
  EXPECT_FALSE(set.contains(Stream::energy));
  set.remove(Stream::heatpump);
  EXPECT_FALSE(set.contains(Stream::heatpump));
}

TEST(TokenRedaction, HidesEveryTokenParameter) {
  EXPECT_EQ(redact_token("/ws/energy"), "/ws/energy");
  EXPECT_EQ(redact_token("/ws/energy?token=eyJ.abc.def"), "/ws/energy?token=***");
  EXPECT_EQ(redact_token("/ws/energy?a=1&token=x&b=2&token"),
            "/ws/energy?a=1&token=***&b=2&token=***");
  EXPECT_EQ(redact_token("/ws/energy?tokens=1"), "/ws/energy?tokens=1");
}

}  // namespace
}  // namespace energy_ws
