// Integration tests of AsyncPublisher against the stack's Mosquitto (K12N_MQTT_URI).
#include "core/mqtt/async_publisher.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <string>

#include "core/mqtt/client.hpp"
#include "testing/stack_env.hpp"

namespace core::mqtt {
namespace {

using namespace std::chrono_literals;

Options admin(const std::string& name, const std::string& suffix) {
  Options o;
  o.uri = testing_support::stack_env("K12N_MQTT_URI");
  o.client_id = "k12n-test-" + name + "-" + suffix;
  o.username = "admin";
  o.password = testing_support::stack_env("K12N_MQTT_ADMIN_PASSWORD");
  o.clean_session = true;
  o.connect_timeout = 5s;
  return o;
}

TEST(AsyncPublisherTest, EveryMessageArrivesOnceAndIsAcknowledged) {
  const auto suffix = testing_support::unique_suffix();
  const auto topic = "k12n-test/" + suffix + "/async";
  constexpr int kMessages = 5000;

  std::mutex mutex;
  std::condition_variable arrived;
  std::set<std::string> payloads;
  int received = 0;
  Client subscriber(admin("async-sub", suffix), [&](const Message& m) {
    const std::scoped_lock lock(mutex);
    payloads.insert(m.payload);
    ++received;
    arrived.notify_all();
  });
  subscriber.connect();
  subscriber.subscribe({topic});

  // A window far smaller than the message count, so publish() has to wait for PUBACKs.
  AsyncPublisher publisher(admin("async-pub", suffix), 64);
  publisher.connect();
  for (int i = 0; i < kMessages; ++i) {
    publisher.publish(topic, std::to_string(i));
    EXPECT_LE(publisher.in_flight(), 64U);
  }
  ASSERT_TRUE(publisher.flush(20s));
  EXPECT_EQ(publisher.stats().published, static_cast<std::uint64_t>(kMessages));
  EXPECT_EQ(publisher.stats().acknowledged, static_cast<std::uint64_t>(kMessages));

  std::unique_lock lock(mutex);
  arrived.wait_for(lock, 20s, [&] { return received >= kMessages; });
  EXPECT_EQ(received, kMessages);
  EXPECT_EQ(payloads.size(), static_cast<std::size_t>(kMessages));
}

TEST(AsyncPublisherTest, PublishBeforeConnectThrows) {
  AsyncPublisher publisher(admin("async-unconnected", testing_support::unique_suffix()), 8);
  EXPECT_THROW(publisher.publish("k12n-test/unconnected", "x"), Error);
  EXPECT_EQ(publisher.in_flight(), 0U);
  EXPECT_TRUE(publisher.flush(0ms));
}

TEST(AsyncPublisherTest, RejectsAnEmptyOrOversizedWindowAndABadUri) {
  const auto options = admin("async-window", testing_support::unique_suffix());
  EXPECT_THROW(AsyncPublisher(options, 0), Error);
  EXPECT_THROW(AsyncPublisher(options, 65536), Error);
  auto tls = options;
  tls.uri = "ssl://127.0.0.1:8883";
  EXPECT_THROW(AsyncPublisher(tls, 8), Error);
}

TEST(AsyncPublisherTest, WrongPasswordIsRefused) {
  auto options = admin("async-refused", testing_support::unique_suffix());
  options.password = "wrong";
  AsyncPublisher publisher(options, 8);
  try {
    publisher.connect();
    FAIL() << "connected with a wrong password";
  } catch (const Error& e) {
    EXPECT_TRUE(e.return_code() == 4 || e.return_code() == 5) << e.what();
  }
  EXPECT_FALSE(publisher.connected());
}

// The devices user may publish only to the device topics (deploy/local/stack.sh): Mosquitto
// acknowledges a denied QoS 1 publish without forwarding it, so the window still drains.
TEST(AsyncPublisherTest, DeniedTopicStillDrainsTheWindow) {
  auto options = admin("async-denied", testing_support::unique_suffix());
  options.username = "devices";
  options.password = testing_support::stack_env("K12N_MQTT_DEVICES_PASSWORD");
  AsyncPublisher publisher(options, 4);
  publisher.connect();
  for (int i = 0; i < 10; ++i) {
    publisher.publish("k12n-test/denied", "x");
  }
  EXPECT_TRUE(publisher.flush(10s));
}

}  // namespace
}  // namespace core::mqtt
