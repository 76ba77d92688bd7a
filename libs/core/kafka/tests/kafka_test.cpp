// Integration tests against the stack's kafka-dev-broker (K12N_KAFKA_BOOTSTRAP). Records go to
// the declared topics, which other tests share; each test uses its own keys and groups and
// ignores records that are not its own.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <future>
#include <string>
#include <vector>

#include "core/kafka/consumer.hpp"
#include "core/kafka/producer.hpp"
#include "testing/stack_env.hpp"

namespace core::kafka {
namespace {

using namespace std::chrono_literals;

constexpr const char* kDlq = "homelab-dlq";                 // 1 partition
constexpr const char* kEnergy = "homelab-energy-realtime";  // 3 partitions

class KafkaTest : public ::testing::Test {
 protected:
  std::string unique(const std::string& what) const { return "k12n-test-" + what + "-" + suffix_; }

  Settings producer_settings() const { return {{"bootstrap.servers", bootstrap_}}; }

  Settings group_settings(const std::string& group) const {
    return {{"bootstrap.servers", bootstrap_},
            {"group.id", group},
            {"auto.offset.reset", "earliest"},
            // The mock coordinator waits up to the session timeout for members to rejoin.
            {"session.timeout.ms", "6000"},
            {"heartbeat.interval.ms", "500"}};
  }

  Delivery produce(Producer& producer, const std::string& topic, const std::string& key,
                   const std::string& value, const Headers& headers = {}) {
    auto delivery = producer.produce(topic, key, value, headers).get();
    EXPECT_TRUE(delivery.ok()) << delivery.error_message;
    return delivery;
  }

  // Polls until `count` records accepted by `mine` arrived or the timeout passed.
  static std::vector<Message> read_own(Consumer& consumer,
                                       const std::function<bool(const Message&)>& mine,
                                       std::size_t count, std::chrono::milliseconds timeout = 20s) {
    std::vector<Message> own;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (own.size() < count && std::chrono::steady_clock::now() < deadline) {
      if (auto m = consumer.poll(200ms); m && mine(*m)) {
        own.push_back(std::move(*m));
      }
    }
    return own;
  }

  static std::function<bool(const Message&)> with_key(const std::string& key) {
    return [key](const Message& m) { return m.key == key; };
  }

  std::string bootstrap_ = testing_support::stack_env("K12N_KAFKA_BOOTSTRAP");
  std::string suffix_ = testing_support::unique_suffix();
};

TEST_F(KafkaTest, DeliveryReportsPartitionAndOffset) {
  Producer producer(producer_settings());
  const auto first = produce(producer, kDlq, unique("report"), "one");
  const auto second = produce(producer, kDlq, unique("report"), "two");
  EXPECT_EQ(first.topic, kDlq);
  EXPECT_EQ(first.partition, 0);
  EXPECT_GE(first.offset, 0);
  EXPECT_GT(second.offset, first.offset);
}

TEST_F(KafkaTest, GroupConsumerReceivesKeyValueAndHeaders) {
  const Headers headers = {{"x-source-topic", "saveeye/telemetry"},
                           {"x-error-reason", "missing_required: saveeyeDeviceSerialNumber"}};
  const auto marker = unique("null-key");
  {
    Producer producer(producer_settings());
    produce(producer, kDlq, unique("headers"), R"({"temp": 1})", headers);
    // A null key is allowed (DLQ records whose device is unknown); a header identifies it.
    const auto delivery =
        producer.produce(kDlq, std::nullopt, "raw bytes", {{"x-test", marker}}).get();
    ASSERT_TRUE(delivery.ok()) << delivery.error_message;
  }
  Consumer consumer(group_settings(unique("group")));
  consumer.subscribe({kDlq});

  const auto keyed = read_own(consumer, with_key(unique("headers")), 1);
  ASSERT_EQ(keyed.size(), 1U);
  EXPECT_EQ(keyed[0].value, R"({"temp": 1})");
  EXPECT_EQ(keyed[0].headers, headers);
  ASSERT_NE(keyed[0].header("x-error-reason"), nullptr);
  EXPECT_EQ(*keyed[0].header("x-error-reason"), "missing_required: saveeyeDeviceSerialNumber");
  EXPECT_LT(std::chrono::abs(std::chrono::system_clock::now() - keyed[0].timestamp), 1min);

  const auto unkeyed = read_own(
      consumer,
      [&](const Message& m) { return m.header("x-test") && *m.header("x-test") == marker; }, 1);
  ASSERT_EQ(unkeyed.size(), 1U);
  EXPECT_FALSE(unkeyed[0].key.has_value());
  EXPECT_EQ(unkeyed[0].value, "raw bytes");
}

TEST_F(KafkaTest, GroupResumesAfterTheCommittedOffset) {
  const auto key = unique("resume");
  const auto group = unique("group");
  {
    Producer producer(producer_settings());
    for (int i = 0; i < 5; ++i) {
      produce(producer, kDlq, key, std::to_string(i));
    }
  }
  {
    Consumer first(group_settings(group));
    first.subscribe({kDlq});
    const auto records = read_own(first, with_key(key), 5);
    ASSERT_EQ(records.size(), 5U);
    // The caller's write covered records 0 and 1 only.
    first.commit(std::vector<Message>{records[0], records[1]});
    first.close();
  }
  Consumer second(group_settings(group));
  second.subscribe({kDlq});
  const auto again = read_own(second, with_key(key), 3);
  ASSERT_EQ(again.size(), 3U);
  EXPECT_EQ(again[0].value, "2");
  EXPECT_EQ(again[1].value, "3");
  EXPECT_EQ(again[2].value, "4");
}

TEST_F(KafkaTest, RecordsWithOneKeyStayInOnePartitionInOrder) {
  const auto key = unique("order");
  std::vector<Delivery> deliveries;
  {
    Producer producer(producer_settings());
    std::vector<std::future<Delivery>> pending;
    for (int i = 0; i < 20; ++i) {
      pending.push_back(producer.produce(kEnergy, key, std::to_string(i)));
      pending.push_back(producer.produce(kEnergy, unique("other-" + std::to_string(i)), "x"));
    }
    for (std::size_t i = 0; i < pending.size(); i += 2) {
      deliveries.push_back(pending[i].get());
      pending[i + 1].get();
    }
  }
  for (std::size_t i = 1; i < deliveries.size(); ++i) {
    ASSERT_TRUE(deliveries[i].ok()) << deliveries[i].error_message;
    EXPECT_EQ(deliveries[i].partition, deliveries[0].partition);
    EXPECT_GT(deliveries[i].offset, deliveries[i - 1].offset);
  }
  Consumer consumer(group_settings(unique("group")));
  consumer.subscribe({kEnergy});
  const auto records = read_own(consumer, with_key(key), 20);
  ASSERT_EQ(records.size(), 20U);
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(records[static_cast<std::size_t>(i)].value, std::to_string(i));
  }
}

TEST_F(KafkaTest, PausedConsumerHoldsBackRecordsUntilResumed) {
  const auto key = unique("pause");
  Producer producer(producer_settings());
  Consumer consumer(group_settings(unique("group")));
  consumer.subscribe({kDlq});
  // Sent together, so that the consumer fetches the later ones along with the first.
  std::vector<std::future<Delivery>> sent;
  for (const auto* value : {"1", "2", "3"}) {
    sent.push_back(producer.produce(kDlq, key, value));
  }
  for (auto& s : sent) {
    ASSERT_TRUE(s.get().ok());
  }
  ASSERT_EQ(read_own(consumer, with_key(key), 1).size(), 1U);

  consumer.pause();
  EXPECT_TRUE(consumer.paused());
  produce(producer, kDlq, key, "4");
  EXPECT_TRUE(read_own(consumer, with_key(key), 1, 1500ms).empty());

  consumer.resume();
  const auto after = read_own(consumer, with_key(key), 3);
  ASSERT_EQ(after.size(), 3U);
  EXPECT_EQ(after[0].value, "2");
  EXPECT_EQ(after[1].value, "3");
  EXPECT_EQ(after[2].value, "4");
}

TEST_F(KafkaTest, ConsumerWithoutGroupStartsAtTheEnd) {
  const auto key = unique("tail");
  Producer producer(producer_settings());
  const auto old_record = produce(producer, kEnergy, key, "old");
  produce(producer, kEnergy, key, "last");

  Consumer consumer(Settings{{"bootstrap.servers", bootstrap_}});
  // One record before the end of each partition: the latest reading, then everything new.
  consumer.assign_from_end({kEnergy}, 1);
  std::vector<Message> seen = read_own(consumer, with_key(key), 1);
  produce(producer, kEnergy, key, "new");
  const auto more = read_own(
      consumer, [&](const Message& m) { return m.key == key && m.value == "new"; }, 1);
  ASSERT_EQ(more.size(), 1U);
  for (const auto& m : seen) {
    EXPECT_NE(m.offset, old_record.offset) << "read a record older than the last one";
  }
  EXPECT_THROW(consumer.commit(more), Error);
}

TEST_F(KafkaTest, UnreachableBrokerFailsWithinTheDeliveryTimeout) {
  Producer producer(
      Settings{{"bootstrap.servers", "127.0.0.1:1"}, {"delivery.timeout.ms", "1500"}});
  const auto start = std::chrono::steady_clock::now();
  auto future = producer.produce(kDlq, "k", "v");
  ASSERT_EQ(future.wait_for(10s), std::future_status::ready);
  const auto delivery = future.get();
  EXPECT_FALSE(delivery.ok());
  EXPECT_EQ(delivery.error, RdKafka::ERR__MSG_TIMED_OUT) << delivery.error_message;
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST_F(KafkaTest, MissingBootstrapIsAConfigurationError) {
  EXPECT_THROW(Producer(Settings{{"linger.ms", "5"}}), Error);
  EXPECT_THROW(Consumer(Settings{{"no.such.property", "1"}, {"bootstrap.servers", bootstrap_}}),
               Error);
}

}  // namespace
}  // namespace core::kafka
