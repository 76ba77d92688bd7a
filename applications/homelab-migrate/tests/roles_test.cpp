#include "roles.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "exit_codes.hpp"
#include "temp_dir.hpp"

namespace migrate {
namespace {

using ::testing::HasSubstr;

class LoadRoles : public ::testing::Test {
 protected:
  TempDir dir_;
  std::filesystem::path file() const { return dir_.path() / "roles.yaml"; }

  std::string failure(const std::string& yaml) const {
    dir_.write("roles.yaml", yaml);
    try {
      load_roles(file());
    } catch (const Failure& f) {
      EXPECT_EQ(f.code(), Exit::usage);
      return f.what();
    }
    ADD_FAILURE() << "accepted: " << yaml;
    return {};
  }
};

TEST_F(LoadRoles, MissingFileMeansNoRoles) {
  EXPECT_TRUE(load_roles(file()).empty());
}

TEST_F(LoadRoles, ReadsNamesAndPasswordVariables) {
  dir_.write("roles.yaml",
             "roles:\n"
             "  - name: telemetry_writer\n"
             "    password_env: TELEMETRY_WRITER_PASSWORD\n"
             "  - {name: migrator}\n");
  const auto roles = load_roles(file());
  ASSERT_EQ(roles.size(), 2U);
  EXPECT_EQ(roles[0].name, "telemetry_writer");
  EXPECT_EQ(roles[0].password_env, "TELEMETRY_WRITER_PASSWORD");
  EXPECT_EQ(roles[1].name, "migrator");
  EXPECT_FALSE(roles[1].password_env);
}

TEST_F(LoadRoles, ReportsEveryProblem) {
  const auto message = failure(
      "roles:\n"
      "  - name: a\n"
      "    password: secret\n"
      "  - password_env: 'NOT A NAME'\n"
      "  - just_a_string\n");
  EXPECT_THAT(message, HasSubstr("4 problem(s)"));
  EXPECT_THAT(message, HasSubstr("roles[0]: unknown key password"));
  EXPECT_THAT(message, HasSubstr("roles[1].password_env: not an environment variable name"));
  EXPECT_THAT(message, HasSubstr("roles[1]: name is required"));
  EXPECT_THAT(message, HasSubstr("roles[2]: expected a mapping"));
}

TEST_F(LoadRoles, RejectsOtherShapesAndBrokenYaml) {
  EXPECT_THAT(failure("users: []\n"), HasSubstr("expected `roles:`"));
  EXPECT_THAT(failure("roles: {name: a}\n"), HasSubstr("expected `roles:`"));
  EXPECT_THAT(failure("roles: [\n"), HasSubstr("roles.yaml"));
}

}  // namespace
}  // namespace migrate
