// The binary's command line and configuration errors, without any dependency running.
#include <gtest/gtest.h>

#include "testing/run_command.hpp"

namespace {

// Settings the test's own environment might carry, removed so the sink sees only the test's.
std::vector<std::string> inherited_settings() {
  return {"CONFIG_FILE", "DATABASE_URL",     "DATABASE_URL_FILE", "KAFKA_BOOTSTRAP_SERVERS",
          "HTTP_PORT",   "HTTP_ADDRESS",     "LOG_FORMAT",        "LOG_LEVEL",
          "FAMILIES",    "BATCH_MAX_RECORDS"};
}

TEST(TelemetrySinkCli, VersionAndHelp) {
  const auto version = testing_support::run_command({TELEMETRY_SINK_BIN, "--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_TRUE(version.output.starts_with("telemetry-sink ")) << version.output;
  const auto help = testing_support::run_command({TELEMETRY_SINK_BIN, "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("DATABASE_URL"), std::string::npos) << help.output;
}

TEST(TelemetrySinkCli, ReportsEveryConfigurationProblemAndExitsWithTwo) {
  const auto result = testing_support::run_command(
      {TELEMETRY_SINK_BIN}, {"HTTP_PORT=http", "FAMILIES=energy,solar"}, inherited_settings());
  EXPECT_EQ(result.exit_code, 2) << result.output;
  for (const auto* expected :
       {"DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS", "http.port: 'http' is not an integer",
        "families: unknown family 'solar'"}) {
    EXPECT_NE(result.output.find(expected), std::string::npos) << result.output;
  }
}

TEST(TelemetrySinkCli, ReadsTheSecretFromAFileAndNeverPrintsIt) {
  const auto result =
      testing_support::run_command({TELEMETRY_SINK_BIN},
                                   {"DATABASE_URL_FILE=/nonexistent/secret",
                                    "KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:1", "HTTP_PORT=70000"},
                                   inherited_settings());
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("database.url: cannot read the secret file named by "
                               "DATABASE_URL_FILE"),
            std::string::npos)
      << result.output;
}

}  // namespace
