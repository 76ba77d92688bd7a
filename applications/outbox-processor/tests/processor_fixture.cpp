#include "processor_fixture.hpp"

#include <stdexcept>
#include <thread>

#include "core/pg/conninfo.hpp"
#include "testing/migrate.hpp"
#include "testing/stack_env.hpp"

namespace outbox_test {

void RecordingPublisher::publish(const std::string& topic, const std::string& payload) {
  std::this_thread::sleep_for(delay);
  const std::scoped_lock lock(mutex_);
  if (!fail_with.empty()) {
    throw std::runtime_error(fail_with);
  }
  messages_.push_back(topic + " " + payload);
}

std::vector<std::string> RecordingPublisher::messages() const {
  const std::scoped_lock lock(mutex_);
  return messages_;
}

WriteTopicSubscriber::WriteTopicSubscriber(const std::string& topic) {
  core::mqtt::Options options;
  options.uri = testing_support::stack_env("K12N_MQTT_URI");
  options.client_id = "outbox-test-sub-" + testing_support::unique_suffix();
  options.username = "admin";
  options.password = testing_support::stack_env("K12N_MQTT_ADMIN_PASSWORD");
  options.clean_session = true;
  client_ = std::make_unique<core::mqtt::Client>(options, [this](const core::mqtt::Message& m) {
    const std::scoped_lock lock(mutex_);
    messages_.push_back(m.payload);
  });
  client_->connect();
  client_->subscribe({topic});
}

std::vector<std::string> WriteTopicSubscriber::messages() const {
  const std::scoped_lock lock(mutex_);
  return messages_;
}

void ProcessorFixture::SetUp() {
  suffix_ = testing_support::unique_suffix();
  testing_support::migrate(K12N_HOMELAB_MIGRATE, std::string(K12N_DB_DIR) + "/settings",
                           db_.name());
  admin_ = std::make_unique<core::pg::Connection>(db_.conninfo());
  admin_->exec_script("SET TIME ZONE 'UTC'");
  config_.database_conninfo =
      core::pg::service_conninfo(testing_support::role_conninfo("K12N_SETTINGS_DSN", db_.name()),
                                 "outbox-test", std::chrono::seconds(5));
  config_.poll_interval = 200ms;
  config_.confirm_timeout = 2s;
  config_.retry_delay = 50ms;
  config_.publish_timeout = 2s;
  config_.write_topic = "k12n-test/" + suffix_ + "/write";
  metrics_ = std::make_unique<outbox::ProcessorMetrics>(registry_);
}

std::int64_t ProcessorFixture::insert_command(const std::string& device, const std::string& payload,
                                              int max_retries) {
  return admin_
      ->exec(
          "INSERT INTO outbox (aggregate_type, aggregate_id, event_type, payload, max_retries) "
          "VALUES ('heatpump_setting', $1, 'setting_update', $2::jsonb, $3) RETURNING id",
          {device, payload, max_retries})
      .integer(0, 0);
}

std::string ProcessorFixture::query_one(const std::string& sql) {
  const auto result = admin_->exec(sql);
  return result.rows() == 0 || result.is_null(0, 0) ? "NULL" : std::string(result.text(0, 0));
}

std::string ProcessorFixture::status_of(std::int64_t id) {
  return query_one("SELECT status FROM outbox WHERE id = " + std::to_string(id));
}

std::unique_ptr<outbox::MqttPublisher> ProcessorFixture::mqtt_publisher(
    const std::string& uri) const {
  core::mqtt::Options options;
  options.uri = uri;
  options.client_id = "outbox-test-" + suffix_ + "-" + testing_support::unique_suffix();
  options.username = "admin";
  options.password = testing_support::stack_env("K12N_MQTT_ADMIN_PASSWORD");
  options.clean_session = true;
  options.connect_timeout = 2s;
  return std::make_unique<outbox::MqttPublisher>(options, config_.publish_timeout);
}

bool ProcessorFixture::eventually(const std::function<bool()>& done,
                                  std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) {
      return true;
    }
    std::this_thread::sleep_for(50ms);
  }
  return done();
}

}  // namespace outbox_test
