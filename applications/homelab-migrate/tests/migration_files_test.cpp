#include "migration_files.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "checksum.hpp"
#include "exit_codes.hpp"
#include "temp_dir.hpp"

namespace migrate {
namespace {

using ::testing::HasSubstr;

TEST(ParseFileName, AcceptsPlainFilesAndModeVariants) {
  const auto plain = parse_file_name("001_create_raw_tables.sql");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->version, 1);
  EXPECT_EQ(plain->name, "create_raw_tables");
  EXPECT_FALSE(plain->only_in);

  const auto ts = parse_file_name("0042_hypertables.timescaledb.sql");
  ASSERT_TRUE(ts);
  EXPECT_EQ(ts->version, 42);
  EXPECT_EQ(ts->only_in, Mode::timescaledb);
  EXPECT_EQ(parse_file_name("042_base_tables.postgres.sql")->only_in, Mode::plain);
  EXPECT_EQ(parse_file_name("100_v2_views.sql")->name, "v2_views");
}

TEST(ParseFileName, RejectsEverythingElse) {
  for (const char* bad :
       {"1_short.sql", "01_short.sql", "000_zero.sql", "001-dash.sql", "001_Upper.sql", "001_.sql",
        "001_double__underscore.sql", "001_trailing_.sql", "001_name.mysql.sql", "001_name.SQL",
        "001_name.sql.bak", "abc_name.sql", "001_name", "99999999999_big.sql",
        "001_white space.sql"}) {
    EXPECT_FALSE(parse_file_name(bad)) << bad;
  }
}

class LoadMigrationFiles : public ::testing::Test {
 protected:
  TempDir dir_;
};

TEST_F(LoadMigrationFiles, SortsByVersionNumberAndReadsContents) {
  dir_.write("0010_ten.sql", "SELECT 10;");
  dir_.write("002_two.sql", "SELECT 2;");
  dir_.write("001_one.sql", "-- migrate:no-transaction\r\nCREATE INDEX CONCURRENTLY i ON t (a);");
  dir_.write("roles.yaml", "roles: []");
  dir_.write(".hidden.sql", "not a migration");
  const auto files = load_migration_files(dir_.path());
  ASSERT_EQ(files.size(), 3U);
  EXPECT_EQ(files[0].filename(), "001_one.sql");
  EXPECT_EQ(files[1].filename(), "002_two.sql");
  EXPECT_EQ(files[2].filename(), "0010_ten.sql");
  EXPECT_TRUE(files[0].no_transaction);
  EXPECT_FALSE(files[1].no_transaction);
  EXPECT_EQ(files[1].contents, "SELECT 2;");
  EXPECT_EQ(files[1].checksum, sha256_hex("SELECT 2;"));
}

TEST_F(LoadMigrationFiles, NoTransactionMarkerMustBeTheFirstLine) {
  dir_.write("001_late.sql", "SELECT 1;\n-- migrate:no-transaction\n");
  EXPECT_FALSE(load_migration_files(dir_.path())[0].no_transaction);
}

TEST_F(LoadMigrationFiles, ChoosesTheVariantOfTheMode) {
  dir_.write("001_base.sql", "");
  dir_.write("002_aggregates.timescaledb.sql", "");
  dir_.write("002_aggregates.postgres.sql", "");
  dir_.write("003_compression.timescaledb.sql", "");
  const auto files = load_migration_files(dir_.path());
  const auto names = [](const std::vector<MigrationFile>& chosen) {
    std::vector<std::string> out;
    for (const auto& f : chosen) {
      out.push_back(f.filename());
    }
    return out;
  };
  EXPECT_EQ(names(files_for_mode(files, Mode::plain)),
            (std::vector<std::string>{"001_base.sql", "002_aggregates.postgres.sql"}));
  EXPECT_EQ(names(files_for_mode(files, Mode::timescaledb)),
            (std::vector<std::string>{"001_base.sql", "002_aggregates.timescaledb.sql",
                                      "003_compression.timescaledb.sql"}));
}

Failure load_failure(const std::filesystem::path& dir) {
  try {
    load_migration_files(dir);
  } catch (const Failure& f) {
    return f;
  }
  throw std::logic_error("expected a failure");
}

TEST_F(LoadMigrationFiles, RejectsBadNamesAndDuplicateVersionsAllAtOnce) {
  dir_.write("001_one.sql", "");
  dir_.write("0001_again.sql", "");
  dir_.write("002_two.sql", "");
  dir_.write("002_two.postgres.sql", "");
  dir_.write("003_x.timescaledb.sql", "");
  dir_.write("003_y.timescaledb.sql", "");
  dir_.write("004_fine.timescaledb.sql", "");
  dir_.write("004_fine.postgres.sql", "");
  dir_.write("5_bad.sql", "");
  const auto f = load_failure(dir_.path());
  EXPECT_EQ(f.code(), Exit::refused);
  const std::string message = f.what();
  EXPECT_THAT(message, HasSubstr("4 problem(s)"));
  EXPECT_THAT(message, HasSubstr("5_bad.sql: not a migration file name"));
  EXPECT_THAT(message, HasSubstr("version 1 is defined more than once"));
  EXPECT_THAT(message, HasSubstr("0001_again.sql, 001_one.sql"));
  EXPECT_THAT(message, HasSubstr("version 2 is defined more than once"));
  EXPECT_THAT(message, HasSubstr("version 3 is defined more than once"));
  EXPECT_THAT(message, ::testing::Not(HasSubstr("version 4")));
}

TEST_F(LoadMigrationFiles, MissingDirectoryIsAUsageError) {
  EXPECT_EQ(load_failure(dir_.path() / "nope").code(), Exit::usage);
}

}  // namespace
}  // namespace migrate
