// The API's settings (settings-api.md section 7): defaults, required keys, and every problem
// reported at once.
#include "api_config.hpp"

#include <gtest/gtest.h>

#include <map>

namespace settings_api {
namespace {

core::config::EnvLookup env(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
    const auto found = values.find(name);
    return found == values.end() ? std::nullopt : std::optional<std::string>(found->second);
  };
}

TEST(ApiConfig, DefaultsFollowTheContract) {
  core::config::Reader reader({},
                              env({{"DATABASE_URL", "host=db user=settings_app password=s3cret"},
                                   {"KAFKA_BROKERS", "redpanda:9092"},
                                   {"AUTH_MODE", "none"}}));
  const auto config = read_api_config(reader);
  EXPECT_NO_THROW(reader.finish());
  EXPECT_EQ(config.address, "0.0.0.0");
  EXPECT_EQ(config.port, 8080);
  EXPECT_EQ(config.outbox_max_retries, 3);
  EXPECT_EQ(config.kafka.bootstrap_servers, "redpanda:9092");
  EXPECT_EQ(config.kafka.topic, "homelab-heatpump-telemetry");
  EXPECT_EQ(config.kafka.group_id, "heatpump-settings-api");
  EXPECT_EQ(config.kafka.offset_reset, "latest");
  EXPECT_EQ(config.cors_allowed_origins,
            (std::vector<std::string>{"https://heatpump.k12n.com", "http://localhost:5173"}));
  EXPECT_NE(config.database_conninfo.find("statement_timeout=30000"), std::string::npos);
  EXPECT_NE(config.database_conninfo.find("application_name"), std::string::npos);
}

TEST(ApiConfig, ReportsEveryProblemAtOnce) {
  core::config::Reader reader({}, env({{"OUTBOX_MAX_RETRIES", "0"},
                                       {"HTTP_ADDRESS", "nowhere"},
                                       {"CORS_ALLOWED_ORIGINS", "*"},
                                       {"AUTH_MODE", "none"}}));
  read_api_config(reader);
  const auto& problems = reader.problems();
  const auto mentions = [&problems](const std::string& key) {
    return std::any_of(problems.begin(), problems.end(),
                       [&key](const std::string& p) { return p.find(key) != std::string::npos; });
  };
  EXPECT_TRUE(mentions("database.url"));
  EXPECT_TRUE(mentions("kafka.brokers"));
  EXPECT_TRUE(mentions("outbox.max_retries"));
  EXPECT_TRUE(mentions("http.address"));
  EXPECT_TRUE(mentions("cors.allowed_origins"));
  for (const auto& problem : problems) {
    EXPECT_EQ(problem.find("s3cret"), std::string::npos);
  }
}

}  // namespace
}  // namespace settings_api
