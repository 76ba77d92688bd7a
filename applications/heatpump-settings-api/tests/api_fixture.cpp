#include "api_fixture.hpp"

#include <boost/json/parse.hpp>
#include <stdexcept>

#include "core/pg/conninfo.hpp"
#include "testing/migrate.hpp"
#include "testing/stack_env.hpp"

namespace settings_test {

using boost::beast::http::verb;

void ApiFixture::SetUp() {
  suffix_ = testing_support::unique_suffix();
  testing_support::migrate(K12N_HOMELAB_MIGRATE, std::string(K12N_DB_DIR) + "/settings",
                           db_.name());
  admin_ = std::make_unique<core::pg::Connection>(db_.conninfo());
  admin_->exec_script("SET TIME ZONE 'UTC'");
  topic_ = "settings-api-test-" + suffix_;
  producer_ = std::make_unique<core::kafka::Producer>(core::kafka::Settings{
      {"bootstrap.servers", testing_support::stack_env("K12N_KAFKA_BOOTSTRAP")}});
  // The dev broker creates a topic on its first record; the mirror skips this one.
  produce("create", "{}");
  start_api(default_config());
}

settings_api::ApiConfig ApiFixture::default_config() const {
  settings_api::ApiConfig config;
  config.address = "127.0.0.1";
  config.port = 0;
  config.pool_size = 4;
  config.auth.mode = core::auth::Mode::none;
  config.database_conninfo =
      core::pg::service_conninfo(testing_support::role_conninfo("K12N_SETTINGS_DSN", db_.name()),
                                 "settings-api-test", std::chrono::seconds(5));
  config.kafka.bootstrap_servers = testing_support::stack_env("K12N_KAFKA_BOOTSTRAP");
  config.kafka.topic = topic_;
  // The topic is this test's own, so reading it from the start loses nothing and reads nothing
  // else.
  config.kafka.offset_reset = "earliest";
  config.kafka.group_id = "settings-api-test-" + suffix_;
  config.kafka.client_id = "settings-api-test";
  config.kafka.session_timeout = 6s;
  config.kafka.initial_backoff = 200ms;
  config.kafka.max_backoff = 1s;
  return config;
}

void ApiFixture::start_api(const settings_api::ApiConfig& config) {
  stop_api();
  service_ = std::make_unique<settings_api::ApiService>(config);
  serving_ = std::jthread([this] { service_->run(); });
}

void ApiFixture::stop_api() {
  if (serving_.joinable()) {
    service_->stop();
    serving_.join();
  }
}

HttpResponse ApiFixture::request(verb method, const std::string& target, const std::string& body,
                                 const Headers& headers) {
  return http_request(port(), method, target, headers, body);
}

HttpResponse ApiFixture::get(const std::string& target, const Headers& headers) {
  return http_request(port(), verb::get, target, headers);
}

HttpResponse ApiFixture::patch(const std::string& target, const std::string& body,
                               const Headers& headers) {
  Headers all = headers;
  bool typed = false;
  for (const auto& [name, value] : headers) {
    typed = typed || name == "Content-Type";
  }
  if (!typed) {
    all.emplace_back("Content-Type", "application/json");
  }
  return http_request(port(), verb::patch, target, all, body);
}

void ApiFixture::insert_device(const std::string& device_id, const std::string& values) {
  admin_->exec(
      "INSERT INTO settings (device_id, indoor_target_temp, mode, curve, curve_min, "
      "curve_max, curve_plus_5, curve_zero, curve_minus_5, heatstop, updated_at) "
      "VALUES ($1, " +
          values + ", '2026-01-16T21:10:09.123456Z')",
      {device_id});
}

std::string ApiFixture::query_one(const std::string& sql) {
  const auto result = admin_->exec(sql);
  return result.rows() == 0 || result.is_null(0, 0) ? "NULL" : std::string(result.text(0, 0));
}

void ApiFixture::produce(const std::string& key, const std::string& value) {
  const auto delivery = producer_->produce(topic_, key, value).get();
  if (!delivery.ok()) {
    throw std::runtime_error("produce to " + topic_ + " failed: " + delivery.error_message);
  }
}

bool ApiFixture::eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) {
      return true;
    }
    std::this_thread::sleep_for(100ms);
  }
  return done();
}

boost::json::value parse(const HttpResponse& response) {
  return boost::json::parse(response.body());
}

std::string error_of(const HttpResponse& response) {
  const auto json = parse(response);
  const auto* object = json.if_object();
  if (object == nullptr || object->size() != 1 || !object->contains("error") ||
      !object->at("error").is_string()) {
    return "<not an error body: " + response.body() + ">";
  }
  return std::string(object->at("error").as_string());
}

}  // namespace settings_test
