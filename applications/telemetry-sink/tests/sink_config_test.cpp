#include "sink_config.hpp"

#include <gtest/gtest.h>

#include <map>

namespace sink {
namespace {

core::config::Reader reader_with(std::map<std::string, std::string> env) {
  return core::config::Reader({}, [env = std::move(env)](const std::string& name) {
    const auto found = env.find(name);
    return found == env.end() ? std::nullopt : std::optional<std::string>(found->second);
  });
}

std::map<std::string, std::string> required_settings() {
  return {{"DATABASE_URL", "host=db dbname=telemetry"}, {"KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"}};
}

TEST(SinkConfig, DefaultsFollowTheContract) {
  auto reader = reader_with(required_settings());
  const auto config = read_sink_config(reader);
  EXPECT_NO_THROW(reader.finish());
  EXPECT_EQ(config.kafka_bootstrap_servers, "kafka:9092");
  EXPECT_EQ(config.http_address, "0.0.0.0");
  EXPECT_EQ(config.http_port, 8080);
  EXPECT_EQ(config.batch_max_records, 500U);
  EXPECT_EQ(config.batch_max_wait, std::chrono::milliseconds(500));
  EXPECT_EQ(config.retry_initial_backoff, std::chrono::seconds(1));
  EXPECT_EQ(config.retry_max_backoff, std::chrono::seconds(30));
  EXPECT_EQ(config.dlq_topic, "homelab-dlq");
  EXPECT_EQ(config.retention.days, 90);
  EXPECT_EQ(config.retention.interval, std::chrono::hours(1));
  EXPECT_EQ(config.retention.batch_rows, 10000);
  ASSERT_EQ(config.families.size(), 3U);
  EXPECT_EQ(config.families[0].topic, "homelab-energy-realtime");
  EXPECT_EQ(config.families[0].group_id, "timescaledb-energy");
  EXPECT_EQ(config.families[0].spec->table.name, "energy_consumption");
  EXPECT_EQ(config.families[1].topic, "homelab-temperature-indoor");
  EXPECT_EQ(config.families[1].group_id, "timescaledb-temperature");
  EXPECT_EQ(config.families[2].topic, "homelab-heatpump-telemetry");
  EXPECT_EQ(config.families[2].group_id, "timescaledb-heatpump");
  EXPECT_EQ(config.families[0].prefetch_kbytes, 16384);
  EXPECT_EQ(config.families[0].fetch_wakeup, std::chrono::milliseconds(250));
  EXPECT_EQ(config.families[1].prefetch_kbytes, 1024);
  EXPECT_EQ(config.families[1].fetch_wakeup, std::chrono::milliseconds(0));
  EXPECT_NE(config.database_url.find("connect_timeout="), std::string::npos);
}

TEST(SinkConfig, FamiliesTopicsAndGroupsAreConfigurable) {
  auto env = required_settings();
  env["FAMILIES"] = "heatpump, energy";
  env["ENERGY_GROUP_ID"] = "test-energy";
  env["HEATPUMP_TOPIC"] = "other-heatpump";
  env["HEATPUMP_FETCH_WAKEUP_MS"] = "500";
  env["ENERGY_PREFETCH_KBYTES"] = "4096";
  env["BATCH_MAX_RECORDS"] = "100";
  env["RETRY_INITIAL_BACKOFF_MS"] = "50";
  env["RETRY_MAX_BACKOFF_MS"] = "400";
  auto reader = reader_with(env);
  const auto config = read_sink_config(reader);
  EXPECT_NO_THROW(reader.finish());
  ASSERT_EQ(config.families.size(), 2U);
  EXPECT_EQ(config.families[0].spec->name, "heatpump");
  EXPECT_EQ(config.families[0].topic, "other-heatpump");
  EXPECT_EQ(config.families[1].group_id, "test-energy");
  EXPECT_EQ(config.families[0].fetch_wakeup, std::chrono::milliseconds(500));
  EXPECT_EQ(config.families[1].prefetch_kbytes, 4096);
  EXPECT_EQ(config.batch_max_records, 100U);
  EXPECT_EQ(config.retry_max_backoff, std::chrono::milliseconds(400));
}

TEST(SinkConfig, ReportsEveryProblemAtOnce) {
  auto reader = reader_with({{"HTTP_PORT", "99999"},
                             {"LOG_FORMAT", "xml"},
                             {"LOG_LEVEL", "loud"},
                             {"FAMILIES", "energy,water"},
                             {"ENERGY_GROUP_ID", "shared"},
                             {"RETRY_INITIAL_BACKOFF_MS", "5000"},
                             {"RETRY_MAX_BACKOFF_MS", "1000"},
                             {"BATCH_MAX_RECORDS", "0"}});
  read_sink_config(reader);
  try {
    reader.finish();
    FAIL() << "no problems reported";
  } catch (const core::config::ConfigError& e) {
    const std::string all = e.what();
    for (const auto* expected :
         {"database.url: required (environment DATABASE_URL or DATABASE_URL_FILE)",
          "kafka.bootstrap_servers: required (environment KAFKA_BOOTSTRAP_SERVERS)",
          "http.port: 99999 is outside 0..65535", "log.format: 'xml'", "log.level: 'loud'",
          "families: unknown family 'water'", "retry.max_backoff_ms: must not be below",
          "batch.max_records: 0 is outside"}) {
      EXPECT_NE(all.find(expected), std::string::npos) << expected << " not in:\n" << all;
    }
  }
}

TEST(SinkConfig, RejectsAGroupSharedByTwoFamilies) {
  auto env = required_settings();
  env["ENERGY_GROUP_ID"] = "one";
  env["HEATPUMP_GROUP_ID"] = "one";
  auto reader = reader_with(env);
  read_sink_config(reader);
  ASSERT_EQ(reader.problems().size(), 1U);
  EXPECT_EQ(reader.problems()[0], "heatpump.group_id: 'one' is also the group of energy");
}

TEST(SinkConfig, AnUnparsableDatabaseUrlIsAProblemThatHidesTheSecret) {
  auto env = required_settings();
  env["DATABASE_URL"] = "host=db password=abc def";
  auto reader = reader_with(env);
  read_sink_config(reader);
  ASSERT_EQ(reader.problems().size(), 1U);
  EXPECT_EQ(reader.problems()[0].find("abc"), std::string::npos);
}

}  // namespace
}  // namespace sink
