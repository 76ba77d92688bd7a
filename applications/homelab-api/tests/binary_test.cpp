// The real homelab-api binary against a real database: it starts from its environment, warns that
// authentication is off, checks the time zone, answers and stops cleanly on SIGTERM.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "api_process.hpp"
#include "core/pg/connection.hpp"
#include "http_client.hpp"
#include "testing/migrate.hpp"
#include "testing/stack_env.hpp"
#include "testing/temp_database.hpp"

namespace api_test {
namespace {

using namespace std::chrono_literals;

const std::vector<std::string> kUnset = {"CONFIG_FILE", "DATABASE_URL_FILE", "LISTEN",
                                         "HTTP_ADDRESS", "CORS_ALLOWED_ORIGINS"};

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Polls until `target` answers 200 or the timeout passes.
bool answers(std::uint16_t port, const std::string& target, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    try {
      if (http_get(port, target).result_int() == 200) {
        return true;
      }
    } catch (const std::exception&) {
      // not listening yet
    }
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

bool log_contains(const std::string& path, const std::string& text, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (read_file(path).find(text) != std::string::npos) {
      return true;
    }
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

class Binary : public ::testing::Test {
 protected:
  void SetUp() override {
    testing_support::migrate(K12N_HOMELAB_MIGRATE, std::string(K12N_DB_DIR) + "/telemetry",
                             db_.name(), {"--time-zone", "Europe/Stockholm"});
    core::pg::Connection writer(
        testing_support::role_conninfo("K12N_TELEMETRY_WRITER_DSN", db_.name()));
    writer.exec(
        "INSERT INTO energy_consumption (time, device_serial, active_energy_total, "
        "active_power_total) VALUES ('2026-01-16 21:10:09.123Z', 'meter', 102795417, 956)");
  }
  // The process has stopped by now; its log was printed by any assertion that needed it.
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove(log_, ignored);
  }

  std::vector<std::string> env(const std::string& time_zone) const {
    return {
        "DATABASE_URL=" + testing_support::role_conninfo("K12N_TELEMETRY_READER_DSN", db_.name()),
        "AUTH_MODE=none",
        "HTTP_PORT=" + std::to_string(port_),
        "LOG_FORMAT=json",
        "TIME_ZONE=" + time_zone,
        "DATABASE_POOL_SIZE=2"};
  }

  testing_support::TempDatabase db_{"api_binary_test"};
  std::uint16_t port_ = free_port();
  std::string log_ =
      ::testing::TempDir() + "homelab_api_" + testing_support::unique_suffix() + ".log";
};

TEST_F(Binary, ServesAndStopsOnSigterm) {
  ApiProcess api(HOMELAB_API_BIN, env("Europe/Stockholm"), kUnset, log_);
  ASSERT_TRUE(answers(port_, "/readyz", 20s)) << read_file(log_);
  const auto latest = http_get(port_, "/api/v1/energy/latest");
  EXPECT_EQ(latest.result_int(), 200U);
  EXPECT_EQ(latest.body(), R"({"ts":"2026-01-16T21:10:09.123Z","consumption_total_w":102795417,)"
                           R"("consumption_total_actual_w":956,"consumption_l1_actual_w":null,)"
                           R"("consumption_l2_actual_w":null,"consumption_l3_actual_w":null})");
  EXPECT_TRUE(log_contains(log_, "time zone Europe/Stockholm matches platform_config", 10s))
      << read_file(log_);
  EXPECT_EQ(api.terminate(10s), 0) << read_file(log_);

  const auto log = read_file(log_);
  EXPECT_NE(log.find(R"x("level":"warning","logger":"homelab-api",)x"
                     R"x("msg":"authentication disabled (auth.mode=none)")x"),
            std::string::npos)
      << log;
  const auto password = testing_support::stack_env("K12N_TELEMETRY_READER_DSN");
  EXPECT_EQ(log.find(password.substr(password.find("password=") + 9, 12)), std::string::npos)
      << "the database password is in the log";
}

TEST_F(Binary, LogsATimeZoneMismatch) {
  ApiProcess api(HOMELAB_API_BIN, env("UTC"), kUnset, log_);
  ASSERT_TRUE(answers(port_, "/healthz", 20s)) << read_file(log_);
  EXPECT_TRUE(log_contains(
      log_, "time_zone mismatch: configured UTC, platform_config.time_zone is Europe/Stockholm",
      10s))
      << read_file(log_);
  EXPECT_EQ(api.terminate(10s), 0) << read_file(log_);
}

}  // namespace
}  // namespace api_test
