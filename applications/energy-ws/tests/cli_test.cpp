// The binary's command line and configuration errors, without any dependency running.
#include <gtest/gtest.h>

#include "testing/run_command.hpp"

namespace {

// Settings a developer's shell might carry into the test.
std::vector<std::string> settings() {
  return {"CONFIG_FILE", "KAFKA_BROKERS",          "LISTEN",
          "HTTP_PORT",   "HTTP_ADDRESS",           "AUTH_MODE",
          "AUTH_ISSUER", "AUTH_JWKS_URL",          "AUTH_AUDIENCES",
          "LOG_FORMAT",  "SERVER_MAX_CONNECTIONS", "CORS_ALLOWED_ORIGINS"};
}

TEST(EnergyWsCli, VersionAndHelp) {
  const auto version = testing_support::run_command({ENERGY_WS_BIN, "--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_TRUE(version.output.starts_with("energy-ws ")) << version.output;
  const auto help = testing_support::run_command({ENERGY_WS_BIN, "--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const auto* setting : {"KAFKA_BROKERS", "LISTEN", "AUTH_MODE", "SERVER_MAX_CONNECTIONS"}) {
    EXPECT_NE(help.output.find(setting), std::string::npos) << help.output;
  }
}

TEST(EnergyWsCli, ReportsEveryConfigurationProblemAndExitsWithTwo) {
  const auto result = testing_support::run_command(
      {ENERGY_WS_BIN}, {"LISTEN=8080", "SERVER_MAX_CONNECTIONS=many"}, settings());
  EXPECT_EQ(result.exit_code, 2) << result.output;
  for (const auto* expected : {"listen: '8080' is not host:port", "kafka.brokers: required",
                               "server.max_connections: 'many' is not an integer",
                               "auth.issuers: at least one issuer is required in jwt mode"}) {
    EXPECT_NE(result.output.find(expected), std::string::npos) << result.output;
  }
}

}  // namespace
