#include "api_config.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "testing/stack_env.hpp"

namespace homelab_api {
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

TEST(ApiConfig, DefaultsOfTheContract) {
  auto reader = reader_for({{"DATABASE_URL", "host=db user=telemetry_reader password=secret"},
                            {"AUTH_ISSUER", "https://id.example"},
                            {"AUTH_AUDIENCES", "homelab-api"}});
  const auto config = read_api_config(reader);
  EXPECT_TRUE(reader.problems().empty()) << all_problems(reader);
  EXPECT_EQ(config.address, "0.0.0.0");
  EXPECT_EQ(config.port, 8080);
  EXPECT_EQ(config.pool_size, 10U);
  EXPECT_EQ(config.time_zone, "Europe/Stockholm");
  EXPECT_EQ(config.cors_allowed_origins,
            (std::vector<std::string>{"https://heatpump.k12n.com", "http://localhost:5173"}));
  EXPECT_NE(config.database_conninfo.find("default_transaction_read_only=on"), std::string::npos);
  EXPECT_NE(config.database_conninfo.find("password='secret'"), std::string::npos);
  EXPECT_EQ(config.auth.mode, core::auth::Mode::jwt);
  ASSERT_EQ(config.auth.issuers.size(), 1U);
  EXPECT_EQ(config.auth.issuers[0].issuer, "https://id.example");
}

TEST(ApiConfig, ListenAndItsOverrides) {
  {
    auto reader = reader_for({{"DATABASE_URL", "host=db"}, {"LISTEN", "127.0.0.1:9000"}});
    const auto config = read_api_config(reader);
    EXPECT_EQ(config.address, "127.0.0.1");
    EXPECT_EQ(config.port, 9000);
  }
  {
    auto reader = reader_for({{"DATABASE_URL", "host=db"}, {"LISTEN", "[::1]:9000"}});
    EXPECT_EQ(read_api_config(reader).address, "::1");
  }
  {
    auto reader = reader_for({{"DATABASE_URL", "host=db"}, {"HTTP_PORT", "8081"}});
    const auto config = read_api_config(reader);
    EXPECT_EQ(config.address, "0.0.0.0");
    EXPECT_EQ(config.port, 8081);
  }
}

TEST(ApiConfig, EveryProblemAtOnce) {
  auto reader = reader_for({{"LISTEN", "localhost"},
                            {"DATABASE_POOL_SIZE", "0"},
                            {"CORS_ALLOWED_ORIGINS", "*"},
                            {"LOG_FORMAT", "xml"},
                            {"AUTH_MODE", "jwt"}});
  read_api_config(reader);
  const auto problems = all_problems(reader);
  for (const auto* expected :
       {"listen: 'localhost' is not host:port", "database.url: required",
        "database.pool_size: 0 is outside 1..200",
        "cors.allowed_origins: '*' is not an exact origin", "log.format: 'xml'",
        "auth.issuers: at least one issuer is required in jwt mode"}) {
    EXPECT_NE(problems.find(expected), std::string::npos) << expected << "\n" << problems;
  }
}

TEST(ApiConfig, RejectsAnAddressThatIsNoIpAndAnUnparseableUrl) {
  auto reader = reader_for({{"LISTEN", "example.org:80"}, {"DATABASE_URL", "host='unterminated"}});
  read_api_config(reader);
  const auto problems = all_problems(reader);
  EXPECT_NE(problems.find("listen: 'example.org' is not an IP address"), std::string::npos)
      << problems;
  EXPECT_NE(problems.find("database.url: not a valid libpq connection string"), std::string::npos)
      << problems;
  EXPECT_EQ(problems.find("unterminated"), std::string::npos) << "the secret leaked: " << problems;
}

TEST(ApiConfig, YamlFileWithTheEnvironmentOnTop) {
  const auto path =
      ::testing::TempDir() + "homelab_api_" + testing_support::unique_suffix() + ".yaml";
  {
    std::ofstream file(path);
    file << "listen: 127.0.0.1:8090\n"
            "database:\n  pool_size: 3\n"
            "cors:\n  allowed_origins: [https://a.example, https://b.example]\n"
            "time_zone: UTC\n"
            "auth:\n  mode: none\n";
  }
  auto reader = reader_for({{"DATABASE_URL", "host=db"}, {"DATABASE_POOL_SIZE", "5"}}, path);
  const auto config = read_api_config(reader);
  EXPECT_TRUE(reader.problems().empty()) << all_problems(reader);
  EXPECT_EQ(config.auth.mode, core::auth::Mode::none);
  EXPECT_EQ(config.port, 8090);
  EXPECT_EQ(config.pool_size, 5U);
  EXPECT_EQ(config.cors_allowed_origins,
            (std::vector<std::string>{"https://a.example", "https://b.example"}));
  EXPECT_EQ(config.time_zone, "UTC");
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace homelab_api
