#include "sink_fixture.hpp"

#include <boost/json.hpp>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "core/pg/connection.hpp"
#include "testing/migrate.hpp"
#include "testing/stack_env.hpp"

namespace sink_test {

SinkTest::SinkTest()
    : suffix_(testing_support::unique_suffix()),
      log_path_(std::string(::testing::TempDir()) + "telemetry-sink-" + suffix_ + ".log") {}

void SinkTest::SetUp() {
  testing_support::migrate(K12N_HOMELAB_MIGRATE, std::string(K12N_DB_DIR) + "/telemetry",
                           db_.name(), {"--time-zone", "Europe/Stockholm"});
  producer_ = std::make_unique<core::kafka::Producer>(core::kafka::Settings{
      {"bootstrap.servers", testing_support::stack_env("K12N_KAFKA_BOOTSTRAP")}});
}

void SinkTest::TearDown() {
  sink_.reset();
  if (HasFailure()) {
    std::ifstream log(log_path_);
    std::stringstream text;
    text << log.rdbuf();
    std::cerr << "--- telemetry-sink log (" << log_path_ << ")\n" << text.str() << "---\n";
  }
  std::error_code ignored;
  std::filesystem::remove(log_path_, ignored);
}

void SinkTest::start_sink(const std::vector<std::string>& families,
                          const std::vector<std::string>& extra_env) {
  sink_.reset();
  http_port_ = free_port();
  std::string family_list;
  std::vector<std::string> env = {
      "DATABASE_URL=" + testing_support::role_conninfo("K12N_TELEMETRY_WRITER_DSN", db_.name()),
      "KAFKA_BOOTSTRAP_SERVERS=" + testing_support::stack_env("K12N_KAFKA_BOOTSTRAP"),
      "HTTP_ADDRESS=127.0.0.1",
      "HTTP_PORT=" + std::to_string(http_port_),
      "LOG_FORMAT=text",
      "LOG_LEVEL=debug",
      // The mock coordinator holds a rebalance until a killed member's session times out.
      "KAFKA_SESSION_TIMEOUT_MS=6000",
      "BATCH_MAX_WAIT_MS=100",
      "RETRY_INITIAL_BACKOFF_MS=200",
      "RETRY_MAX_BACKOFF_MS=1000",
  };
  for (const auto& family : families) {
    family_list += (family_list.empty() ? "" : ",") + family;
    auto upper = family;
    for (auto& c : upper) {
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    env.push_back(upper + "_GROUP_ID=sink-test-" + family + "-" + suffix_);
  }
  env.push_back("FAMILIES=" + family_list);
  // A test's own settings replace the defaults above (a child sees the first of two entries).
  for (const auto& setting : extra_env) {
    const auto name = setting.substr(0, setting.find('=') + 1);
    std::erase_if(env, [&name](const std::string& e) { return e.starts_with(name); });
    env.push_back(setting);
  }
  sink_ = std::make_unique<SinkProcess>(K12N_TELEMETRY_SINK, env, log_path_);
  const bool ready = eventually(
      [this] {
        const auto response = http_get(http_port_, "/readyz");
        return response && response->status == 200;
      },
      30s);
  ASSERT_TRUE(ready) << "telemetry-sink did not become ready";
}

std::string SinkTest::metrics() const {
  const auto response = http_get(http_port_, "/metrics");
  return response ? response->body : std::string();
}

double SinkTest::metric_reaching(const std::string& series, double minimum) const {
  double value = 0;
  eventually(
      [&] {
        value = metric(metrics(), series).value_or(0);
        return value >= minimum;
      },
      5s);
  return value;
}

std::string SinkTest::device(const std::string& what) const {
  return "sinktest-" + what + "-" + suffix_;
}

void SinkTest::produce(const std::string& topic, const std::string& key, const std::string& value) {
  const auto delivery = producer_->produce(topic, key, value).get();
  ASSERT_TRUE(delivery.ok()) << delivery.error_message;
}

std::int64_t SinkTest::count(const std::string& sql) const {
  core::pg::Connection conn(db_.conninfo());
  return conn.exec(sql).integer(0, 0);
}

std::vector<std::string> SinkTest::rows(const std::string& sql) const {
  core::pg::Connection conn(db_.conninfo());
  conn.exec_script("SET TIME ZONE 'UTC'");
  const auto result = conn.exec(sql);
  std::vector<std::string> out;
  for (int row = 0; row < result.rows(); ++row) {
    std::string line;
    for (int col = 0; col < result.columns(); ++col) {
      line += (col > 0 ? "|" : "");
      line += result.is_null(row, col) ? std::string("null") : std::string(result.text(row, col));
    }
    out.push_back(std::move(line));
  }
  return out;
}

void SinkTest::exec(const std::string& sql) const {
  core::pg::Connection conn(db_.conninfo());
  conn.exec_script(sql);
}

bool SinkTest::eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (done()) {
      return true;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return false;
    }
    std::this_thread::sleep_for(100ms);
  }
}

boost::json::object fixture_object(const std::string& name) {
  std::ifstream in(std::string(SINK_FIXTURE_DIR) + "/" + name, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return boost::json::parse(buffer.str()).as_object();
}

std::string rfc3339(Clock::time_point t) {
  return core::time::format_rfc3339_ms(t);
}

Clock::time_point hour_start(int hours_ago) {
  return std::chrono::floor<std::chrono::hours>(Clock::now()) - std::chrono::hours(hours_ago);
}

std::string energy_value(const std::string& device, Clock::time_point ts, std::int64_t energy_wh,
                         std::int64_t power_w) {
  static const auto base = fixture_object("saveeye.kafka.json");
  auto value = base;
  value["saveeyeDeviceSerialNumber"] = device;
  value["ts"] = rfc3339(ts);
  value["device_id"] = device;
  value["tags"].as_object()["device_serial"] = device;
  auto& fields = value["fields"].as_object();
  fields["active_energy_total"] = energy_wh;
  fields["active_power_total"] = power_w;
  return boost::json::serialize(value);
}

}  // namespace sink_test
