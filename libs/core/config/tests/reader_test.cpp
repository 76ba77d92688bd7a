#include "core/config/reader.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

namespace core::config {
namespace {

class ReaderTest : public ::testing::Test {
 protected:
  EnvLookup env() {
    return [this](const std::string& name) -> std::optional<std::string> {
      const auto it = vars_.find(name);
      return it == vars_.end() ? std::nullopt : std::optional(it->second);
    };
  }
  std::string write_yaml(const std::string& text) {
    const auto path = std::filesystem::temp_directory_path() /
                      ("k12n-config-" + std::to_string(::testing::UnitTest::GetInstance()
                                                           ->current_test_info()
                                                           ->line()) + ".yaml");
    std::ofstream(path) << text;
    paths_.push_back(path);
    return path.string();
  }
  void TearDown() override {
    for (const auto& p : paths_) {
      std::filesystem::remove(p);
    }
  }

  std::map<std::string, std::string> vars_;
  std::vector<std::filesystem::path> paths_;
};

TEST_F(ReaderTest, EnvironmentWinsOverYaml) {
  vars_["HTTP_PORT"] = "9000";
  Reader r(write_yaml("http:\n  port: 8080\n  host: 0.0.0.0\n"), env());
  EXPECT_EQ(r.integer("http.port", 80, 1, 65535), 9000);
  EXPECT_EQ(r.string("http.host"), "0.0.0.0");
  EXPECT_NO_THROW(r.finish());
}

TEST_F(ReaderTest, ExpandsVariablesWithDefaults) {
  vars_["PGHOST"] = "db.local";
  Reader r(write_yaml("database:\n  url: \"host=${PGHOST} port=${PGPORT:-5432}\"\n"), env());
  EXPECT_EQ(r.string("database.url"), "host=db.local port=5432");
  EXPECT_NO_THROW(r.finish());
}

TEST_F(ReaderTest, ReportsEveryProblemAtOnce) {
  vars_["HTTP_PORT"] = "eighty";
  vars_["LOG_JSON"] = "maybe";
  vars_["POOL_SIZE"] = "500";
  Reader r(write_yaml("database:\n  url: ${MISSING_VAR}\n"), env());
  r.integer("http.port", 8080, 1, 65535);
  r.boolean("log.json", false);
  r.integer("pool.size", 4, 1, 64);
  r.string("kafka.bootstrap");
  try {
    r.finish();
    FAIL() << "finish() accepted an invalid configuration";
  } catch (const ConfigError& e) {
    const std::string text = e.what();
    EXPECT_EQ(e.problems().size(), 5U) << text;
    EXPECT_NE(text.find("MISSING_VAR"), std::string::npos);
    EXPECT_NE(text.find("'eighty' is not an integer"), std::string::npos);
    EXPECT_NE(text.find("'maybe' is not a boolean"), std::string::npos);
    EXPECT_NE(text.find("500 is outside 1..64"), std::string::npos);
    EXPECT_NE(text.find("KAFKA_BOOTSTRAP"), std::string::npos);
  }
}

TEST_F(ReaderTest, ListsFromEnvironmentOrYaml) {
  vars_["CORS_ORIGINS"] = "https://a.example, https://b.example";
  Reader r(write_yaml("topics:\n  - a\n  - b\n"), env());
  EXPECT_EQ(r.list("cors.origins", {}),
            (std::vector<std::string>{"https://a.example", "https://b.example"}));
  EXPECT_EQ(r.list("topics", {}), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(r.list("absent", {"x"}), (std::vector<std::string>{"x"}));
}

TEST_F(ReaderTest, SecretFromFile) {
  const auto path = write_yaml("s3cret\n");
  vars_["DB_PASSWORD_FILE"] = path;
  Reader r({}, env());
  EXPECT_EQ(r.secret("db.password"), "s3cret");
  EXPECT_NO_THROW(r.finish());
}

TEST_F(ReaderTest, UnreadableFileIsAProblem) {
  Reader r("/nonexistent/k12n.yaml", env());
  EXPECT_THROW(r.finish(), ConfigError);
}

TEST_F(ReaderTest, StructuredNodeLookupLeavesTreeIntact) {
  Reader r(write_yaml("routes:\n  energy:\n    topic: saveeye/telemetry\n"), env());
  EXPECT_EQ(r.node("routes.energy")["topic"].as<std::string>(), "saveeye/telemetry");
  EXPECT_EQ(r.string("routes.energy.topic"), "saveeye/telemetry");
  EXPECT_TRUE(r.node("routes.energy"));
}

}  // namespace
}  // namespace core::config
