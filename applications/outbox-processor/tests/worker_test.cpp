// Claiming and publishing (settings-api.md sections 4.1 to 4.3) against a real database and the
// stack's Mosquitto: one {"dNN": value} per member in register order, eligibility and order per
// device, retries with backoff, failure after max_retries, the wake-up on a notification and the
// poll, and concurrent workers that never publish a row twice.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <thread>

#include "core/pg/transaction.hpp"
#include "outbox_worker.hpp"
#include "processor_fixture.hpp"
#include "testing/stack_env.hpp"

namespace outbox_test {
namespace {

class Worker : public ProcessorFixture {
 protected:
  std::vector<std::string> published_to_topic(const RecordingPublisher& publisher) {
    std::vector<std::string> payloads;
    for (const auto& message : publisher.messages()) {
      EXPECT_TRUE(message.starts_with(config_.write_topic + " ")) << message;
      payloads.push_back(message.substr(config_.write_topic.size() + 1));
    }
    return payloads;
  }
};

TEST_F(Worker, PublishesOneMessagePerMemberInRegisterOrderThroughTheBroker) {
  WriteTopicSubscriber subscriber(config_.write_topic);
  auto publisher = mqtt_publisher(testing_support::stack_env("K12N_MQTT_URI"));
  publisher->start();
  outbox::OutboxWorker worker(config_, *publisher, *metrics_);
  const auto id =
      insert_command("ThermIQ_1", R"({"heatstop": 17, "indoor_target_temp": 21, "mode": 1})");
  auto conn = connect();
  EXPECT_TRUE(worker.process_one(conn));
  EXPECT_FALSE(worker.process_one(conn)) << "nothing else is eligible";
  EXPECT_EQ(query_one("SELECT concat_ws('|', status, published_at IS NOT NULL, retry_count, "
                      "error_message IS NULL) FROM outbox WHERE id = " +
                      std::to_string(id)),
            "published|t|0|t");
  ASSERT_TRUE(eventually([&] { return subscriber.messages().size() >= 3; }, 5s));
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(subscriber.messages(),
            (std::vector<std::string>{R"({"d50":21})", R"({"d51":1})", R"({"d58":17})"}));
}

TEST_F(Worker, CommandsOfOneDeviceGoOutInCreationOrder) {
  RecordingPublisher publisher;
  outbox::OutboxWorker worker(config_, publisher, *metrics_);
  const auto first = insert_command("A", R"({"indoor_target_temp": 21})");
  const auto second = insert_command("A", R"({"indoor_target_temp": 22})");
  const auto other = insert_command("B", R"({"mode": 0})");
  // The first is not due yet: the second may not overtake it, the other device goes ahead.
  admin().exec("UPDATE outbox SET next_attempt_at = now() + interval '1 hour' WHERE id = $1",
               {first});
  auto conn = connect();
  EXPECT_TRUE(worker.process_one(conn));
  EXPECT_FALSE(worker.process_one(conn));
  EXPECT_EQ(status_of(other), "published");
  EXPECT_EQ(status_of(second), "pending");
  admin().exec("UPDATE outbox SET next_attempt_at = NULL WHERE id = $1", {first});
  EXPECT_TRUE(worker.process_one(conn));
  EXPECT_TRUE(worker.process_one(conn));
  EXPECT_EQ(published_to_topic(publisher),
            (std::vector<std::string>{R"({"d51":0})", R"({"d50":21})", R"({"d50":22})"}));
}

TEST_F(Worker, AFailedPublishIsRetriedWithBackoffThenFailsAfterMaxRetries) {
  RecordingPublisher publisher;
  publisher.fail_with = "no PUBACK within 2000 ms";
  config_.retry_delay = 1s;
  outbox::OutboxWorker worker(config_, publisher, *metrics_);
  const auto id = insert_command("A", R"({"indoor_target_temp": 21})");
  const auto row = [&] {
    return query_one(
        "SELECT concat_ws('|', status, retry_count, error_message, "
        "round(extract(epoch FROM next_attempt_at - now()))) FROM outbox WHERE id = " +
        std::to_string(id));
  };
  auto conn = connect();
  EXPECT_TRUE(worker.process_one(conn));
  // retry_count 1: the next attempt in 1 s * 2^1.
  EXPECT_EQ(row(), "pending|1|publish failed: no PUBACK within 2000 ms|2");
  EXPECT_FALSE(worker.process_one(conn)) << "not due yet";
  admin().exec("UPDATE outbox SET next_attempt_at = now() WHERE id = $1", {id});
  EXPECT_TRUE(worker.process_one(conn));
  EXPECT_EQ(row(), "pending|2|publish failed: no PUBACK within 2000 ms|4");
  admin().exec("UPDATE outbox SET next_attempt_at = now() WHERE id = $1", {id});
  EXPECT_TRUE(worker.process_one(conn));
  EXPECT_EQ(query_one("SELECT concat_ws('|', status, retry_count, error_message, published_at) "
                      "FROM outbox WHERE id = " +
                      std::to_string(id)),
            "failed|3|publish failed after 3 attempts: no PUBACK within 2000 ms");
  EXPECT_FALSE(worker.process_one(conn));
  EXPECT_TRUE(publisher.messages().empty());
}

TEST_F(Worker, ASuccessfulRetryClearsTheError) {
  RecordingPublisher publisher;
  publisher.fail_with = "broker away";
  outbox::OutboxWorker worker(config_, publisher, *metrics_);
  const auto id = insert_command("A", R"({"mode": 2})");
  auto conn = connect();
  EXPECT_TRUE(worker.process_one(conn));
  publisher.fail_with.clear();
  ASSERT_TRUE(eventually([&] { return worker.process_one(conn); }, 5s)) << "retry_delay 50 ms";
  EXPECT_EQ(query_one("SELECT concat_ws('|', status, retry_count, coalesce(error_message, '-')) "
                      "FROM outbox WHERE id = " +
                      std::to_string(id)),
            "published|1|-");
}

TEST_F(Worker, AnUnreachableBrokerIsAPublishFailure) {
  auto publisher = mqtt_publisher("tcp://127.0.0.1:1");
  publisher->start();
  outbox::OutboxWorker worker(config_, *publisher, *metrics_);
  const auto id = insert_command("A", R"({"mode": 2})", 1);
  auto conn = connect();
  EXPECT_TRUE(worker.process_one(conn));
  const auto error = query_one("SELECT error_message FROM outbox WHERE id = " + std::to_string(id));
  EXPECT_EQ(status_of(id), "failed");
  EXPECT_TRUE(
      error.starts_with("publish failed after 1 attempts: MQTT connect to "
                        "tcp://127.0.0.1:1 as admin"))
      << error;
  EXPECT_EQ(error.find(testing_support::stack_env("K12N_MQTT_ADMIN_PASSWORD")), std::string::npos);
}

TEST_F(Worker, ANotificationWakesTheWorkerAtOnceAndThePollCatchesTheRest) {
  config_.poll_interval = 30s;
  RecordingPublisher publisher;
  outbox::OutboxWorker worker(config_, publisher, *metrics_);
  std::jthread running([&worker](const std::stop_token& stop) { worker.run(stop); });
  std::this_thread::sleep_for(500ms);  // listening
  const auto started = std::chrono::steady_clock::now();
  const auto id = insert_command("A", R"({"mode": 3})");
  ASSERT_TRUE(eventually([&] { return status_of(id) == "published"; }, 5s));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s) << "woken by the notification";
  EXPECT_EQ(metrics_->woken_by_notification.Value(), 1.0);
  running.request_stop();
  running.join();

  // A row that becomes due later sends no notification: the poll finds it.
  config_.poll_interval = 300ms;
  const auto later = insert_command("B", R"({"mode": 1})");
  admin().exec("UPDATE outbox SET next_attempt_at = now() + interval '1 second' WHERE id = $1",
               {later});
  std::jthread polling([&worker](const std::stop_token& stop) { worker.run(stop); });
  ASSERT_TRUE(eventually([&] { return status_of(later) == "published"; }, 5s));
  EXPECT_GT(metrics_->woken_by_poll.Value(), 0.0);
}

TEST_F(Worker, ConcurrentWorkersPublishEveryRowExactlyOnce) {
  // Slow publishing widens the window in which both hold claims at once.
  RecordingPublisher publisher;
  publisher.delay = 5ms;
  std::vector<std::int64_t> ids;
  for (int device = 0; device < 10; ++device) {
    for (int command = 0; command < 4; ++command) {
      ids.push_back(insert_command("dev" + std::to_string(device),
                                   "{\"curve\": " + std::to_string(device * 10 + command) + "}"));
    }
  }
  std::vector<std::jthread> workers;
  for (int i = 0; i < 3; ++i) {
    workers.emplace_back([this, &publisher] {
      outbox::OutboxWorker worker(config_, publisher, *metrics_);
      auto conn = connect();
      // Keep going until nothing is left; an empty claim while others still hold rows is fine.
      for (int idle = 0; idle < 20;) {
        if (worker.process_one(conn)) {
          idle = 0;
        } else {
          ++idle;
          std::this_thread::sleep_for(20ms);
        }
      }
    });
  }
  workers.clear();
  EXPECT_EQ(query_one("SELECT count(*) FROM outbox WHERE status = 'published'"), "40");
  const auto messages = published_to_topic(publisher);
  EXPECT_EQ(messages.size(), 40U);
  EXPECT_EQ(std::set<std::string>(messages.begin(), messages.end()).size(), 40U)
      << "no command published twice";
  // Per device, the commands went out in creation order.
  std::map<int, std::vector<int>> per_device;
  for (const auto& m : messages) {
    const auto value = std::stoi(m.substr(m.find(':') + 1));
    per_device[value / 10].push_back(value % 10);
  }
  for (const auto& [device, order] : per_device) {
    EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3})) << "device " << device;
  }
}

TEST_F(Worker, AClaimLostWithItsConnectionIsPublishedAgainNotLost) {
  RecordingPublisher publisher;
  outbox::OutboxWorker worker(config_, publisher, *metrics_);
  const auto id = insert_command("A", R"({"indoor_target_temp": 23})");
  {
    // A replica claims the row, publishes, and dies before marking it published.
    auto doomed = connect();
    doomed.exec_script("BEGIN");
    ASSERT_EQ(
        doomed.exec("SELECT id FROM outbox WHERE id = $1 FOR UPDATE SKIP LOCKED", {id}).rows(), 1);
    auto other = connect();
    EXPECT_FALSE(worker.process_one(other)) << "locked by the first replica";
  }  // connection closed: PostgreSQL rolls the claim back
  auto conn = connect();
  ASSERT_TRUE(eventually([&] { return worker.process_one(conn); }, 5s));
  EXPECT_EQ(status_of(id), "published");
  EXPECT_EQ(published_to_topic(publisher), (std::vector<std::string>{R"({"d50":23})"}));
}

TEST_F(Worker, TheSweepFailsUnconfirmedRowsWithTheReportedValues) {
  RecordingPublisher publisher;
  outbox::OutboxWorker worker(config_, publisher, *metrics_);
  const auto silent = insert_command("silent", R"({"indoor_target_temp": 21})");
  const auto stubborn = insert_command("stubborn", R"({"indoor_target_temp": 21, "mode": 1})");
  const auto stale = insert_command("stale", R"({"indoor_target_temp": 21})");
  const auto recent = insert_command("recent", R"({"indoor_target_temp": 21})");
  admin().exec(
      "UPDATE outbox SET status = 'published', published_at = now() - interval '3 seconds' "
      "WHERE id <> $1",
      {recent});
  admin().exec("UPDATE outbox SET status = 'published', published_at = now() WHERE id = $1",
               {recent});
  admin().exec(
      "INSERT INTO device_reports VALUES "
      "('stubborn', '{\"indoor_target_temp\": 20, \"mode\": 1}', now()), "
      "('stale', '{\"indoor_target_temp\": 20}', now() - interval '1 hour')");
  auto conn = connect();
  worker.sweep(conn);
  const auto row = [&](std::int64_t id) {
    return query_one("SELECT concat_ws('|', status, error_message) FROM outbox WHERE id = " +
                     std::to_string(id));
  };
  EXPECT_EQ(row(silent), "failed|not confirmed within 2 s; no telemetry received");
  EXPECT_EQ(row(stubborn), "failed|not confirmed within 2 s; device reports d50=20");
  EXPECT_EQ(row(stale), "failed|not confirmed within 2 s; no telemetry received")
      << "a report from before the publish does not count";
  EXPECT_EQ(row(recent), "published");
  EXPECT_EQ(metrics_->rows("failed").Value(), 3.0);
  EXPECT_EQ(metrics_->rows("published").Value(), 1.0);
  EXPECT_EQ(metrics_->rows("pending").Value(), 0.0);
}

}  // namespace
}  // namespace outbox_test
