#include "core/auth/auth_config.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

namespace core::auth {
namespace {

using Env = std::map<std::string, std::string>;

// A reader over an optional YAML text and an environment.
class ConfigFile {
 public:
  explicit ConfigFile(const std::string& yaml) {
    if (yaml.empty()) {
      return;
    }
    path_ =
        std::filesystem::temp_directory_path() / ("auth_config_test_" + std::to_string(::getpid()) +
                                                  "_" + std::to_string(++count_) + ".yaml");
    std::ofstream(path_) << yaml;
  }
  ~ConfigFile() {
    if (!path_.empty()) {
      std::filesystem::remove(path_);
    }
  }
  ConfigFile(const ConfigFile&) = delete;
  ConfigFile& operator=(const ConfigFile&) = delete;

  config::Reader reader(Env env = {}) const {
    return config::Reader(
        path_.string(),
        [env = std::move(env)](const std::string& name) -> std::optional<std::string> {
          const auto it = env.find(name);
          return it == env.end() ? std::nullopt : std::optional(it->second);
        });
  }

 private:
  static inline int count_ = 0;
  std::filesystem::path path_;
};

std::vector<std::string> problems(const std::string& yaml, Env env = {}) {
  const ConfigFile file(yaml);
  auto reader = file.reader(std::move(env));
  read_auth_config(reader);
  return reader.problems();
}

bool mentions(const std::vector<std::string>& problems, std::string_view text) {
  return std::ranges::any_of(
      problems, [&](const std::string& p) { return p.find(text) != std::string::npos; });
}

TEST(AuthConfig, ReadsIssuersFromYaml) {
  const ConfigFile file(R"(
auth:
  issuers:
    - issuer: https://auth.k12n.com/application/o/heatpump/
      audiences: [heatpump-web, homelab-api]
    - issuer: http://127.0.0.1:9000
      jwks_url: http://127.0.0.1:9000/jwks
      audiences: dev
  leeway_s: 30
)");
  auto reader = file.reader();
  const auto config = read_auth_config(reader);
  EXPECT_TRUE(reader.problems().empty()) << reader.problems().front();
  EXPECT_EQ(config.mode, Mode::jwt);
  ASSERT_EQ(config.issuers.size(), 2U);
  EXPECT_EQ(config.issuers[0].issuer, "https://auth.k12n.com/application/o/heatpump/");
  EXPECT_EQ(config.issuers[0].jwks_url, "");
  EXPECT_EQ(config.issuers[0].audiences, (std::vector<std::string>{"heatpump-web", "homelab-api"}));
  EXPECT_EQ(config.issuers[1].jwks_url, "http://127.0.0.1:9000/jwks");
  EXPECT_EQ(config.issuers[1].audiences, std::vector<std::string>{"dev"});
  EXPECT_EQ(config.leeway, std::chrono::seconds(30));
  EXPECT_TRUE(config.enforce_scopes);
}

TEST(AuthConfig, ReadsASingleIssuerFromTheEnvironment) {
  const ConfigFile file("");
  auto reader = file.reader({{"AUTH_ISSUER", "https://auth.k12n.com/application/o/heatpump/"},
                             {"AUTH_JWKS_URL", "https://auth.k12n.com/jwks/"},
                             {"AUTH_AUDIENCES", "heatpump-web, homelab-api"}});
  const auto config = read_auth_config(reader);
  EXPECT_TRUE(reader.problems().empty());
  ASSERT_EQ(config.issuers.size(), 1U);
  EXPECT_EQ(config.issuers[0].jwks_url, "https://auth.k12n.com/jwks/");
  EXPECT_EQ(config.issuers[0].audiences, (std::vector<std::string>{"heatpump-web", "homelab-api"}));
  EXPECT_EQ(config.leeway, std::chrono::seconds(60));
}

TEST(AuthConfig, JwtModeNeedsAnIssuer) {
  EXPECT_TRUE(mentions(problems(""), "auth.issuers: at least one issuer is required in jwt mode"));
  EXPECT_TRUE(problems("", {{"AUTH_MODE", "none"}}).empty());
}

TEST(AuthConfig, EveryIssuerProblemIsReportedAtOnce) {
  const auto found = problems(R"(
auth:
  issuers:
    - issuer: https://a.example
    - issuer: not-a-url
      audiences: [x]
    - issuer: https://b.example
      jwks_url: ftp://b.example/keys
      audiences: [x]
    - audiences: [x]
    - issuer: https://c.example
      audiences: [x]
    - issuer: https://c.example
      audiences: [y]
    - just a string
)");
  EXPECT_TRUE(mentions(found, "'https://a.example': at least one audience is required"));
  EXPECT_TRUE(mentions(found, "'not-a-url': without jwks_url the issuer must be an http(s) URL"));
  EXPECT_TRUE(mentions(found, "jwks_url 'ftp://b.example/keys' is not an http(s) URL"));
  EXPECT_TRUE(mentions(found, "auth.issuers[3]: issuer is required"));
  EXPECT_TRUE(mentions(found, "'https://c.example': configured more than once"));
  EXPECT_TRUE(mentions(found, "auth.issuers[6]: expected {issuer, jwks_url, audiences}"));
  EXPECT_EQ(found.size(), 6U);
}

TEST(AuthConfig, TheTwoIssuerFormsDoNotMix) {
  EXPECT_TRUE(mentions(problems(R"(
auth:
  issuers:
    - {issuer: "https://a.example", audiences: [x]}
)",
                                {{"AUTH_ISSUER", "https://b.example"}, {"AUTH_AUDIENCES", "x"}}),
                       "set one of them, not both"));
  EXPECT_TRUE(mentions(problems("", {{"AUTH_AUDIENCES", "x"}}), "set auth.issuer (AUTH_ISSUER)"));
}

TEST(AuthConfig, ReadsTrustedProxiesAndRequiresThemInProxyMode) {
  const ConfigFile file("");
  auto reader = file.reader(
      {{"AUTH_MODE", "proxy"}, {"AUTH_TRUSTED_PROXIES", "10.42.0.0/16, fd00::/8,127.0.0.1"}});
  const auto config = read_auth_config(reader);
  EXPECT_TRUE(reader.problems().empty());
  EXPECT_EQ(config.mode, Mode::proxy);
  ASSERT_EQ(config.trusted_proxies.size(), 3U);
  EXPECT_TRUE(config.trusted_proxies[2].contains(boost::asio::ip::make_address("127.0.0.1")));
  EXPECT_TRUE(config.issuers.empty());

  EXPECT_TRUE(mentions(problems("", {{"AUTH_MODE", "proxy"}}),
                       "auth.trusted_proxies: required in proxy mode"));
  EXPECT_TRUE(mentions(
      problems("", {{"AUTH_MODE", "proxy"}, {"AUTH_TRUSTED_PROXIES", "10.0.0.0/8,10.0.0.0/40"}}),
      "'10.0.0.0/40' is not an address or CIDR"));
}

TEST(AuthConfig, ReportsBadScalars) {
  const auto found = problems("", {{"AUTH_MODE", "oauth"},
                                   {"AUTH_LEEWAY_S", "3600"},
                                   {"AUTH_ENFORCE_SCOPES", "maybe"},
                                   {"AUTH_CA_FILE", "/nonexistent/ca.pem"}});
  EXPECT_TRUE(mentions(found, "auth.mode: 'oauth' is not jwt, proxy or none"));
  EXPECT_TRUE(mentions(found, "auth.leeway_s"));
  EXPECT_TRUE(mentions(found, "auth.enforce_scopes"));
  EXPECT_TRUE(mentions(found, "auth.ca_file: cannot read /nonexistent/ca.pem"));
}

}  // namespace
}  // namespace core::auth
