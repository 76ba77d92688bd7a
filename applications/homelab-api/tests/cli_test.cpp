// The binary's command line and configuration errors, without any dependency running.
#include <gtest/gtest.h>

#include "testing/run_command.hpp"

namespace {

// Settings a developer's shell might carry into the test.
const std::vector<std::string> kSettings = {"CONFIG_FILE",
                                            "DATABASE_URL",
                                            "DATABASE_URL_FILE",
                                            "LISTEN",
                                            "HTTP_PORT",
                                            "HTTP_ADDRESS",
                                            "AUTH_MODE",
                                            "AUTH_ISSUER",
                                            "AUTH_JWKS_URL",
                                            "AUTH_AUDIENCES",
                                            "AUTH_TRUSTED_PROXIES",
                                            "DATABASE_POOL_SIZE",
                                            "LOG_FORMAT",
                                            "CORS_ALLOWED_ORIGINS",
                                            "TIME_ZONE"};

TEST(HomelabApiCli, VersionAndHelp) {
  const auto version = testing_support::run_command({HOMELAB_API_BIN, "--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_TRUE(version.output.starts_with("homelab-api ")) << version.output;
  const auto help = testing_support::run_command({HOMELAB_API_BIN, "--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const auto* setting : {"DATABASE_URL", "LISTEN", "AUTH_MODE", "CORS_ALLOWED_ORIGINS"}) {
    EXPECT_NE(help.output.find(setting), std::string::npos) << help.output;
  }
}

TEST(HomelabApiCli, ReportsEveryConfigurationProblemAndExitsWithTwo) {
  const auto result = testing_support::run_command(
      {HOMELAB_API_BIN}, {"LISTEN=8080", "DATABASE_POOL_SIZE=many"}, kSettings);
  EXPECT_EQ(result.exit_code, 2) << result.output;
  for (const auto* expected : {"listen: '8080' is not host:port", "database.url: required",
                               "database.pool_size: 'many' is not an integer",
                               "auth.issuers: at least one issuer is required in jwt mode"}) {
    EXPECT_NE(result.output.find(expected), std::string::npos) << result.output;
  }
}

TEST(HomelabApiCli, NeverPrintsTheSecret) {
  const auto result = testing_support::run_command(
      {HOMELAB_API_BIN},
      {"DATABASE_URL=host='db password=hunter2", "AUTH_MODE=none", "HTTP_PORT=70000"}, kSettings);
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("database.url: not a valid libpq connection string"),
            std::string::npos)
      << result.output;
  EXPECT_EQ(result.output.find("hunter2"), std::string::npos) << result.output;
}

TEST(HomelabApiCli, ReadsTheSecretFromAFile) {
  const auto result = testing_support::run_command(
      {HOMELAB_API_BIN}, {"DATABASE_URL_FILE=/nonexistent/secret", "AUTH_MODE=none"}, kSettings);
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("database.url: cannot read the secret file named by "
                               "DATABASE_URL_FILE"),
            std::string::npos)
      << result.output;
}

}  // namespace
