#include "ws_config.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>

namespace energy_ws {
namespace {

using Env = std::map<std::string, std::string>;

core::config::Reader reader_for(Env env, const std::string& yaml = {}) {
  return core::config::Reader(
      yaml, [env = std::move(env)](const std::string& name) -> std::optional<std::string> {
        const auto it = env.find(name);
        return it == env.end() ? std::nullopt : std::optional(it->second);
      });
}

std::string all_problems(const core::config::Reader& reader) {
  std::string out;
  for (const auto& problem : reader.problems()) {
    out += problem + "\n";
  }
  return out;
}

TEST(WsConfig, DefaultsOfTheContract) {
  auto reader = reader_for({{"KAFKA_BROKERS", "redpanda:9092"},
                            {"AUTH_ISSUER", "https://id.example"},
                            {"AUTH_AUDIENCES", "energy-ws"}});
  const auto config = read_ws_config(reader);
  EXPECT_TRUE(reader.problems().empty()) << all_problems(reader);
  EXPECT_EQ(config.address, "0.0.0.0");
  EXPECT_EQ(config.port, 8080);
  EXPECT_EQ(config.kafka_brokers, "redpanda:9092");
  EXPECT_EQ(config.topics, (std::array<std::string, kStreamCount>{"homelab-energy-realtime",
                                                                  "homelab-temperature-indoor",
                                                                  "homelab-heatpump-telemetry"}));
  EXPECT_EQ(config.max_connections, 1000U);
  EXPECT_EQ(config.send_queue_frames, 256U);
  EXPECT_EQ(config.stuck_timeout, std::chrono::seconds(30));
  EXPECT_EQ(config.cors_allowed_origins,
            (std::vector<std::string>{"https://heatpump.k12n.com", "http://localhost:5173"}));
  EXPECT_EQ(config.auth.mode, core::auth::Mode::jwt);
  EXPECT_TRUE(config.auth.enforce_scopes);
}

TEST(WsConfig, ReadsTheYamlFileWithEnvironmentOverrides) {
  const std::string path = ::testing::TempDir() + "energy-ws-config.yaml";
  std::ofstream(path) << R"(listen: 127.0.0.1:9100
kafka:
  brokers: a:9092,b:9092
  topics:
    energy: e
    heatpump: h
server:
  max_connections: 5
  send_queue_frames: 16
  stuck_timeout_s: 2
auth:
  mode: none
  enforce_scopes: false
cors:
  allowed_origins: [https://example.test]
)";
  auto reader = reader_for({{"SERVER_MAX_CONNECTIONS", "7"}}, path);
  const auto config = read_ws_config(reader);
  std::remove(path.c_str());
  EXPECT_TRUE(reader.problems().empty()) << all_problems(reader);
  EXPECT_EQ(config.address, "127.0.0.1");
  EXPECT_EQ(config.port, 9100);
  EXPECT_EQ(config.kafka_brokers, "a:9092,b:9092");
  EXPECT_EQ(config.topics[0], "e");
  EXPECT_EQ(config.topics[1], "homelab-temperature-indoor");
  EXPECT_EQ(config.topics[2], "h");
  EXPECT_EQ(config.max_connections, 7U);
  EXPECT_EQ(config.send_queue_frames, 16U);
  EXPECT_EQ(config.stuck_timeout, std::chrono::seconds(2));
  EXPECT_EQ(config.auth.mode, core::auth::Mode::none);
  EXPECT_FALSE(config.auth.enforce_scopes);
  EXPECT_EQ(config.cors_allowed_origins, std::vector<std::string>{"https://example.test"});
}

TEST(WsConfig, ReportsEveryProblemAtOnce) {
  auto reader = reader_for({{"LISTEN", "8080"},
                            {"SERVER_MAX_CONNECTIONS", "0"},
                            {"KAFKA_TOPICS_HEATPUMP", "homelab-energy-realtime"},
                            {"CORS_ALLOWED_ORIGINS", "*"},
                            {"AUTH_MODE", "proxy"}});
  read_ws_config(reader);
  const auto problems = all_problems(reader);
  for (const auto* expected :
       {"listen: '8080' is not host:port", "kafka.brokers: required", "server.max_connections",
        "kafka.topics.heatpump: 'homelab-energy-realtime' is already the topic of another stream",
        "cors.allowed_origins: '*'", "auth.mode: proxy is not supported by energy-ws"}) {
    EXPECT_NE(problems.find(expected), std::string::npos) << expected << "\n" << problems;
  }
}

}  // namespace
}  // namespace energy_ws
