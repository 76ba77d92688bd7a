// Integration tests against the stack's Mosquitto (K12N_MQTT_URI) with its users and ACLs
// (deploy/local/stack.sh mqtt_users). Topics and client ids are unique per test.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/mqtt/client.hpp"
#include "testing/stack_env.hpp"

namespace core::mqtt {
namespace {

using namespace std::chrono_literals;

// Collects what a client's handler receives on Paho's thread.
class Inbox {
 public:
  Client::MessageHandler handler() {
    return [this](const Message& m) {
      const std::scoped_lock lock(mutex_);
      messages_.push_back(m);
      arrived_.notify_all();
    };
  }

  // Waits until at least `count` messages arrived or the timeout passed; returns all so far.
  std::vector<Message> wait_for(std::size_t count, std::chrono::milliseconds timeout = 10s) {
    std::unique_lock lock(mutex_);
    arrived_.wait_for(lock, timeout, [&] { return messages_.size() >= count; });
    return messages_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<Message> messages_;
};

class MqttTest : public ::testing::Test {
 protected:
  Options options(const std::string& user, const std::string& password,
                  const std::string& name) const {
    Options o;
    o.uri = uri_;
    o.client_id = "k12n-test-" + name + "-" + suffix_;
    o.username = user;
    o.password = password;
    o.connect_timeout = 5s;
    return o;
  }
  Options admin(const std::string& name) const { return options("admin", admin_password_, name); }
  std::string topic(const std::string& name) const { return "k12n-test/" + suffix_ + "/" + name; }

  // Runs one of Mosquitto's command-line clients against the stack and returns its output.
  // They run in their own process, unaffected by this process's Paho receive thread.
  std::string run_cli(const std::string& tool, const std::string& arguments) const {
    const auto command = tool + " -h " + testing_support::stack_env("K12N_MQTT_HOST") + " -p " +
                         testing_support::stack_env("K12N_MQTT_PORT") + " -u admin -P '" +
                         admin_password_ + "' " + arguments;
    std::string output;
    if (FILE* pipe = popen(command.c_str(), "r"); pipe != nullptr) {
      char buffer[256];
      while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) {
        output += buffer;
      }
      pclose(pipe);
    }
    return output;
  }

  // Removes a persistent session (and whatever it queued) from the broker.
  void drop_session(Options o) const {
    o.clean_session = true;
    Client client(std::move(o), [](const Message&) {});
    client.connect();
    client.disconnect();
  }

  std::string uri_ = testing_support::stack_env("K12N_MQTT_URI");
  std::string admin_password_ = testing_support::stack_env("K12N_MQTT_ADMIN_PASSWORD");
  std::string suffix_ = testing_support::unique_suffix();
};

TEST_F(MqttTest, QosOneRoundTrip) {
  Inbox inbox;
  auto sub_options = admin("sub");
  sub_options.clean_session = true;
  Client subscriber(sub_options, inbox.handler());
  subscriber.connect();
  subscriber.subscribe({topic("roundtrip")});

  Client publisher(admin("pub"), [](const Message&) {});
  publisher.connect();
  publisher.publish(topic("roundtrip"), R"({"d50":21})");

  const auto received = inbox.wait_for(1);
  ASSERT_EQ(received.size(), 1U);
  EXPECT_EQ(received[0].topic, topic("roundtrip"));
  EXPECT_EQ(received[0].payload, R"({"d50":21})");
  EXPECT_EQ(received[0].qos, 1);
  EXPECT_FALSE(received[0].retained);
}

TEST_F(MqttTest, PersistentSessionDeliversWhatArrivedWhileAway) {
  const auto session = admin("persistent");
  {
    Client subscriber(session, [](const Message&) {});
    subscriber.connect();
    subscriber.subscribe({topic("queued")});
    subscriber.disconnect();
  }
  {
    Client publisher(admin("pub"), [](const Message&) {});
    publisher.connect();
    for (const auto* payload : {"1", "2", "3"}) {
      publisher.publish(topic("queued"), payload);
    }
  }
  Inbox inbox;
  {
    // Same client id, no subscribe(): the broker kept the subscription and the messages.
    Client returning(session, inbox.handler());
    returning.connect();
    const auto received = inbox.wait_for(3);
    ASSERT_EQ(received.size(), 3U);
    EXPECT_EQ(received[0].payload, "1");
    EXPECT_EQ(received[1].payload, "2");
    EXPECT_EQ(received[2].payload, "3");
  }
  drop_session(session);
}

// The ingest path depends on this: Paho sends the PUBACK of a QoS 1 message only when the
// handler returns. While the handler still holds a message, another connection takes the
// session over, and the broker hands it the unacknowledged message again.
TEST_F(MqttTest, PubackWaitsForTheHandler) {
  const auto session = admin("held");
  std::promise<void> arrived;
  std::promise<void> release;
  const auto released = release.get_future().share();
  std::atomic<bool> first{true};
  {
    Client holder(session, [&](const Message&) {
      if (first.exchange(false)) {
        arrived.set_value();
        released.wait();
      }
    });
    holder.connect();
    holder.subscribe({topic("held")});
    // Lets the handler return however this block is left.
    const std::unique_ptr<std::promise<void>, void (*)(std::promise<void>*)> unblock(
        &release, [](std::promise<void>* p) { p->set_value(); });

    // From another process too: this process cannot read a PUBACK while the handler blocks.
    run_cli("mosquitto_pub", "-q 1 -t '" + topic("held") + "' -m 'held message'");
    ASSERT_EQ(arrived.get_future().wait_for(10s), std::future_status::ready);
    const auto redelivered =
        run_cli("mosquitto_sub",
                "-c -i '" + session.client_id + "' -q 1 -C 1 -W 10 -t '" + topic("held") + "'");
    EXPECT_EQ(redelivered, "held message\n");
  }
  drop_session(session);
}

TEST_F(MqttTest, SubscriptionsComeBackAfterAReconnect) {
  Inbox inbox;
  auto victim_options = admin("reconnect");
  victim_options.clean_session = true;  // the broker forgets its subscriptions on reconnect
  Client victim(victim_options, inbox.handler());
  victim.connect();
  victim.subscribe({topic("again")});

  // A second connection with the same client id makes the broker drop the first one.
  drop_session(victim_options);
  const auto deadline = std::chrono::steady_clock::now() + 15s;
  while (victim.connected() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  while (!victim.connected() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_TRUE(victim.connected()) << "no automatic reconnect";

  // The SUBSCRIBE after the reconnect is asynchronous, so publish until one arrives.
  Client publisher(admin("pub"), [](const Message&) {});
  publisher.connect();
  while (inbox.wait_for(1, 200ms).empty() && std::chrono::steady_clock::now() < deadline) {
    publisher.publish(topic("again"), "ping");
  }
  EXPECT_FALSE(inbox.wait_for(1, 0ms).empty()) << "subscription not restored";
}

TEST_F(MqttTest, WrongPasswordIsReported) {
  Client client(options("bridge", "not-the-password", "wrong"), [](const Message&) {});
  const auto start = std::chrono::steady_clock::now();
  try {
    client.connect();
    FAIL() << "connected with a wrong password";
  } catch (const Error& e) {
    // MQTT 3.1.1 CONNACK: 4 bad user name or password, 5 not authorized (Mosquitto sends 5).
    EXPECT_TRUE(e.return_code() == 4 || e.return_code() == 5) << e.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  EXPECT_FALSE(client.connected());
}

TEST_F(MqttTest, PublishForbiddenByTheAclDoesNotReachSubscribers) {
  Inbox inbox;
  auto sub_options = admin("acl-sub");
  sub_options.clean_session = true;
  Client subscriber(sub_options, inbox.handler());
  subscriber.connect();
  subscriber.subscribe({topic("forbidden")});

  // "devices" may only write the device topics. MQTT 3.1.1 cannot refuse a PUBLISH, so the
  // broker still acknowledges it and drops the message: a PUBACK is no proof of delivery.
  Client device(
      options("devices", testing_support::stack_env("K12N_MQTT_DEVICES_PASSWORD"), "device"),
      [](const Message&) {});
  device.connect();
  EXPECT_NO_THROW(device.publish(topic("forbidden"), "from devices"));

  // The broker handled that PUBLISH before its PUBACK; anything it delivered for it would
  // reach the subscriber before this later message.
  Client admin_client(admin("acl-admin"), [](const Message&) {});
  admin_client.connect();
  admin_client.publish(topic("forbidden"), "from admin");

  const auto received = inbox.wait_for(1);
  ASSERT_EQ(received.size(), 1U);
  EXPECT_EQ(received[0].payload, "from admin");
}

TEST_F(MqttTest, PublishWithoutConnectionIsAnError) {
  Client client(admin("offline"), [](const Message&) {});
  EXPECT_THROW(client.publish(topic("nowhere"), "x"), Error);
}

}  // namespace
}  // namespace core::mqtt
