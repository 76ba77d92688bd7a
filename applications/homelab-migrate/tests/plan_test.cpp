#include "plan.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "exit_codes.hpp"

namespace migrate {
namespace {

MigrationFile file(int version, const std::string& name, const std::string& checksum) {
  MigrationFile f;
  f.version = version;
  f.name = name;
  f.path = "db/x/00" + std::to_string(version) + "_" + name + ".sql";
  f.checksum = checksum;
  return f;
}

TEST(Plan, ClassifiesEveryVersion) {
  const std::vector<MigrationFile> files{file(1, "one", "aaa"), file(2, "two", "bbb"),
                                         file(4, "four", "ddd")};
  const std::vector<AppliedMigration> applied{
      {1, "one", "aaa", "t1"}, {2, "two", "changed", "t2"}, {3, "three", "ccc", "t3"}};
  const auto plan = make_plan(files, applied);
  ASSERT_EQ(plan.size(), 4U);
  EXPECT_EQ(plan[0].state, State::applied);
  EXPECT_EQ(plan[1].state, State::changed);
  EXPECT_EQ(plan[2].state, State::missing);
  EXPECT_EQ(label(plan[2]), "version 3 (three)");
  EXPECT_EQ(plan[3].state, State::pending);
  EXPECT_EQ(label(plan[3]), "004_four.sql");
}

TEST(Plan, RefusesChangedAndMissingFilesNamingThem) {
  const std::vector<MigrationFile> files{file(1, "one", "aaa"), file(2, "two", "bbb")};
  const std::vector<AppliedMigration> applied{{1, "one", "zzz", "t1"}, {3, "three", "c", "t3"}};
  try {
    refuse_if_tampered(make_plan(files, applied), "db/x");
    FAIL() << "not refused";
  } catch (const Failure& f) {
    EXPECT_EQ(f.code(), Exit::refused);
    EXPECT_THAT(f.what(), ::testing::HasSubstr("db/x/001_one.sql changed after it was applied"));
    EXPECT_THAT(f.what(), ::testing::HasSubstr("version 3 (three) is recorded as applied"));
  }
  EXPECT_NO_THROW(refuse_if_tampered(make_plan(files, {{1, "one", "aaa", "t1"}}), "db/x"));
}

}  // namespace
}  // namespace migrate
