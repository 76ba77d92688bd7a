// Runs the built homelab-migrate against the stack's PostgreSQL (K12N_PG_ADMIN_DSN), each test in
// its own database with a migrations folder written into a temporary directory.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>
#include <string>
#include <vector>

#include "core/pg/connection.hpp"
#include "core/pg/conninfo.hpp"
#include "temp_dir.hpp"
#include "testing/run_command.hpp"
#include "testing/stack_env.hpp"
#include "testing/temp_database.hpp"

namespace migrate {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing_support::TempDatabase;

using Outcome = testing_support::CommandResult;

// The binary's own settings are cleared from the environment so that only `env` counts.
Outcome run(const std::vector<std::string>& args, const std::vector<std::string>& env = {}) {
  std::vector<std::string> argv = {HOMELAB_MIGRATE_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  return testing_support::run_command(
      std::move(argv), env, {"DATABASE_URL", "DATABASE_NAME", "MIGRATIONS_DIR", "TIME_ZONE"});
}

// A keyword/value conninfo value in single quotes.
std::string conninfo_value(const std::string& v) {
  std::string out = "'";
  for (const char c : v) {
    if (c == '\'' || c == '\\') {
      out.push_back('\\');
    }
    out.push_back(c);
  }
  return out + "'";
}

class Migrate : public ::testing::Test {
 protected:
  TempDatabase db_{"migrate_test"};
  TempDir dir_;
  std::string admin_ = TempDatabase::admin_conninfo();

  std::vector<std::string> target() const {
    return {"--database-url", admin_,         "--database",
            db_.name(),       "--migrations", dir_.path().string()};
  }
  Outcome up(const std::vector<std::string>& extra = {},
             const std::vector<std::string>& env = {}) const {
    auto args = target();
    args.insert(args.begin(), "up");
    args.insert(args.end(), extra.begin(), extra.end());
    return run(args, env);
  }
  Outcome status() const {
    auto args = target();
    args.insert(args.begin(), "status");
    return run(args);
  }

  core::pg::Connection conn() const { return core::pg::Connection(db_.conninfo()); }
  std::string text(const std::string& sql) const {
    auto c = conn();
    const auto r = c.exec(sql);
    return r.is_null(0, 0) ? "<null>" : std::string(r.text(0, 0));
  }
  std::string applied() const {
    return text(
        "SELECT coalesce(string_agg(version::text || ':' || name, ',' ORDER BY version),"
        " '') FROM schema_migrations");
  }
  bool exists(const std::string& relation) const {
    return text("SELECT to_regclass('" + relation + "') IS NOT NULL") == "t";
  }
};

TEST_F(Migrate, AppliesInVersionOrderAndRecordsChecksums) {
  dir_.write("001_create.sql", "CREATE TABLE t (id int);\n");
  dir_.write("0010_third.sql", "INSERT INTO t SELECT max(id) * 10 FROM t;\n");
  dir_.write("002_second.sql", "INSERT INTO t VALUES (2);\n");
  const auto out = up();
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_EQ(applied(), "1:create,2:second,10:third");
  EXPECT_EQ(text("SELECT string_agg(id::text, ',' ORDER BY id) FROM t"), "2,20");
  // PostgreSQL's own sha256() is an independent check of the recorded checksum.
  EXPECT_EQ(text("SELECT checksum = encode(sha256(convert_to('INSERT INTO t VALUES (2);' || "
                 "chr(10), 'UTF8')), 'hex') FROM schema_migrations WHERE version = 2"),
            "t");
  EXPECT_EQ(text("SELECT count(*) FROM schema_migrations WHERE checksum ~ '^[0-9a-f]{64}$'"), "3");
}

TEST_F(Migrate, SecondRunSkipsAppliedVersionsAndAppliesOnlyNewOnes) {
  dir_.write("001_create.sql", "CREATE TABLE t (id int);");
  dir_.write("002_insert.sql", "INSERT INTO t VALUES (1);");
  ASSERT_EQ(up().exit_code, 0);
  const auto first_applied_at = text("SELECT applied_at FROM schema_migrations WHERE version = 2");

  const auto again = up();
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_THAT(again.output, HasSubstr("2 applied, 0 pending"));
  EXPECT_EQ(text("SELECT count(*) FROM t"), "1");
  EXPECT_EQ(text("SELECT applied_at FROM schema_migrations WHERE version = 2"), first_applied_at);

  dir_.write("003_more.sql", "INSERT INTO t VALUES (3);");
  ASSERT_EQ(up().exit_code, 0);
  EXPECT_EQ(text("SELECT string_agg(id::text, ',' ORDER BY id) FROM t"), "1,3");
  EXPECT_EQ(applied(), "1:create,2:insert,3:more");
}

TEST_F(Migrate, BrokenFileStopsWithFileAndLineAndRollsBackOnlyThatFile) {
  dir_.write("001_ok.sql", "CREATE TABLE ok (id int);");
  dir_.write("002_broken.sql",
             "CREATE TABLE broken (id int);\n"
             "INSERT INTO broken\n"
             "  VALUES (nosuchfunc(1));\n");
  dir_.write("003_later.sql", "CREATE TABLE later (id int);");
  const auto out = up();
  EXPECT_EQ(out.exit_code, 1) << out.output;
  EXPECT_THAT(out.output, HasSubstr((dir_.path() / "002_broken.sql").string() +
                                    ":3: function nosuchfunc(integer) does not exist"));
  EXPECT_TRUE(exists("ok"));
  EXPECT_FALSE(exists("broken"));
  EXPECT_FALSE(exists("later"));
  EXPECT_EQ(applied(), "1:ok");
}

TEST_F(Migrate, ErrorWithoutServerPositionReportsTheStatementLine) {
  dir_.write("001_divide.sql",
             "-- a comment; with a semicolon\n"
             "CREATE TABLE z (id int);\n"
             "\n"
             "INSERT INTO z VALUES (1 / 0);\n");
  const auto out = up();
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_THAT(out.output, HasSubstr("001_divide.sql:4: division by zero"));
  EXPECT_FALSE(exists("z"));
  EXPECT_EQ(applied(), "");
}

TEST_F(Migrate, ChangedAppliedFileIsRefusedAndNothingNewApplied) {
  dir_.write("001_create.sql", "CREATE TABLE t (id int);");
  ASSERT_EQ(up().exit_code, 0);
  dir_.write("001_create.sql", "CREATE TABLE t (id bigint);");
  dir_.write("002_next.sql", "CREATE TABLE next (id int);");
  const auto out = up();
  EXPECT_EQ(out.exit_code, 3) << out.output;
  EXPECT_THAT(out.output, HasSubstr("001_create.sql changed after it was applied"));
  EXPECT_FALSE(exists("next"));
  EXPECT_EQ(applied(), "1:create");
}

TEST_F(Migrate, MissingAppliedFileIsRefused) {
  dir_.write("001_create.sql", "CREATE TABLE t (id int);");
  dir_.write("002_gone.sql", "CREATE TABLE gone (id int);");
  ASSERT_EQ(up().exit_code, 0);
  dir_.remove("002_gone.sql");
  dir_.write("003_next.sql", "CREATE TABLE next (id int);");
  const auto out = up();
  EXPECT_EQ(out.exit_code, 3) << out.output;
  EXPECT_THAT(out.output, HasSubstr("version 2 (gone) is recorded as applied but has no file"));
  EXPECT_FALSE(exists("next"));
}

TEST_F(Migrate, LegacySchemaMigrationsWithoutChecksumIsRefused) {
  conn().exec_script(
      "CREATE TABLE schema_migrations (version VARCHAR(255) PRIMARY KEY, "
      "applied_at TIMESTAMPTZ DEFAULT now()); INSERT INTO schema_migrations VALUES ('001')");
  dir_.write("001_create.sql", "CREATE TABLE t (id int);");
  const auto out = up();
  EXPECT_EQ(out.exit_code, 3) << out.output;
  EXPECT_THAT(out.output, HasSubstr("schema_migrations has no checksum column"));
  EXPECT_FALSE(exists("t"));
  EXPECT_EQ(status().exit_code, 3);
}

TEST_F(Migrate, BadFileNamesAreRefusedBeforeAnyChange) {
  dir_.write("001_create.sql", "CREATE TABLE t (id int);");
  dir_.write("2_Bad-Name.sql", "SELECT 1;");
  const auto out = up();
  EXPECT_EQ(out.exit_code, 3) << out.output;
  EXPECT_THAT(out.output, HasSubstr("2_Bad-Name.sql: not a migration file name"));
  EXPECT_FALSE(exists("schema_migrations"));
}

TEST_F(Migrate, DryRunValidatesAndChangesNothing) {
  dir_.write("001_create.sql", "CREATE TABLE t (id int);");
  auto out = up({"--dry-run"});
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_THAT(out.output, HasSubstr("would apply 001_create.sql"));
  EXPECT_FALSE(exists("schema_migrations"));
  EXPECT_FALSE(exists("t"));

  ASSERT_EQ(up().exit_code, 0);
  dir_.write("002_next.sql", "CREATE TABLE next (id int);");
  out = up({"--dry-run"});
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_THAT(out.output, HasSubstr("would apply 002_next.sql"));
  EXPECT_THAT(out.output, Not(HasSubstr("would apply 001_create.sql")));
  EXPECT_FALSE(exists("next"));

  dir_.write("001_create.sql", "-- edited\nCREATE TABLE t (id int);");
  EXPECT_EQ(up({"--dry-run"}).exit_code, 3);
}

TEST_F(Migrate, StatusListsEveryVersionAndFailsOnTampering) {
  dir_.write("001_one.sql", "SELECT 1;");
  dir_.write("002_two.sql", "SELECT 2;");
  ASSERT_EQ(up().exit_code, 0);
  dir_.write("003_three.sql", "SELECT 3;");
  auto out = status();
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_THAT(out.output, HasSubstr("plain PostgreSQL mode"));
  EXPECT_THAT(out.output, ::testing::ContainsRegex("001_one.sql +applied +20[0-9-]+T"));
  EXPECT_THAT(out.output, ::testing::ContainsRegex("002_two.sql +applied"));
  EXPECT_THAT(out.output, ::testing::ContainsRegex("003_three.sql +pending"));

  dir_.write("001_one.sql", "SELECT 11;");
  dir_.remove("002_two.sql");
  out = status();
  EXPECT_EQ(out.exit_code, 3) << out.output;
  EXPECT_THAT(out.output, ::testing::ContainsRegex("001_one.sql +changed"));
  EXPECT_THAT(out.output, ::testing::ContainsRegex("version 2 \\(two\\) +missing"));
  EXPECT_THAT(out.output, ::testing::ContainsRegex("003_three.sql +pending"));
  EXPECT_EQ(applied(), "1:one,2:two");
}

TEST_F(Migrate, SettingsComeFromTheEnvironmentToo) {
  dir_.write("001_one.sql", "CREATE TABLE t (id int);");
  const auto out = run({"status"}, {"DATABASE_URL=" + admin_, "DATABASE_NAME=" + db_.name(),
                                    "MIGRATIONS_DIR=" + dir_.path().string()});
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_THAT(out.output, ::testing::ContainsRegex("001_one.sql +pending"));
  // Without a command name the arguments are those of `up`.
  const auto applied_out =
      run({"--database-url", admin_},
          {"DATABASE_NAME=" + db_.name(), "MIGRATIONS_DIR=" + dir_.path().string()});
  ASSERT_EQ(applied_out.exit_code, 0) << applied_out.output;
  EXPECT_TRUE(exists("t"));
}

TEST_F(Migrate, NoTransactionFileRunsStatementsOutsideATransaction) {
  dir_.write("001_table.sql", "CREATE TABLE n (id int); INSERT INTO n VALUES (1);");
  // CREATE INDEX CONCURRENTLY fails inside a transaction block, so success proves there is none.
  dir_.write("002_index.sql",
             "-- migrate:no-transaction\n"
             "CREATE INDEX CONCURRENTLY IF NOT EXISTS n_a ON n (id);\n"
             "CREATE INDEX CONCURRENTLY IF NOT EXISTS n_b ON n (id);\n");
  auto out = up();
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_TRUE(exists("n_a"));
  EXPECT_TRUE(exists("n_b"));
  EXPECT_EQ(applied(), "1:table,2:index");

  dir_.write("003_half.sql",
             "-- migrate:no-transaction\n"
             "CREATE INDEX CONCURRENTLY IF NOT EXISTS n_c ON n (id);\n"
             "CREATE INDEX CONCURRENTLY n_d ON missing_table (id);\n");
  out = up();
  EXPECT_EQ(out.exit_code, 1) << out.output;
  EXPECT_THAT(out.output, HasSubstr("003_half.sql:3: relation"));
  EXPECT_TRUE(exists("n_c"));  // no transaction: the first statement stays
  EXPECT_EQ(applied(), "1:table,2:index");
}

TEST_F(Migrate, AppliesTheVariantOfThePlainMode) {
  dir_.write("001_base.sql", "CREATE TABLE raw (id int);");
  dir_.write("002_aggregates.timescaledb.sql", "CREATE EXTENSION timescaledb;");
  dir_.write("002_aggregates.postgres.sql", "CREATE TABLE base (id int);");
  const auto out = up();
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_THAT(out.output, HasSubstr("plain PostgreSQL mode"));
  EXPECT_TRUE(exists("base"));
  EXPECT_EQ(applied(), "1:base,2:aggregates");
  const auto refresh =
      run({"refresh-aggregates", "--database-url", admin_, "--database", db_.name()});
  EXPECT_EQ(refresh.exit_code, 0) << refresh.output;
  EXPECT_THAT(refresh.output, HasSubstr("nothing to refresh"));
  const auto flag =
      run({"--refresh-aggregates", "--database-url", admin_, "--database", db_.name()});
  EXPECT_EQ(flag.exit_code, 0) << flag.output;
  EXPECT_THAT(flag.output, HasSubstr("nothing to refresh"));
}

TEST_F(Migrate, TwoRunnersAtOnceApplyEachFileOnce) {
  dir_.write("001_slow.sql", "SELECT pg_sleep(1); CREATE TABLE c (id int);");
  dir_.write("002_insert.sql", "INSERT INTO c VALUES (1);");
  auto first = std::async(std::launch::async, [this] { return up(); });
  auto second = std::async(std::launch::async, [this] { return up(); });
  const auto a = first.get();
  const auto b = second.get();
  ASSERT_EQ(a.exit_code, 0) << a.output;
  ASSERT_EQ(b.exit_code, 0) << b.output;
  EXPECT_EQ(applied(), "1:slow,2:insert");
  EXPECT_EQ(text("SELECT count(*) FROM c"), "1");
  const auto applied_by = [](const Outcome& o) {
    return o.output.find("applying 001_slow.sql") != std::string::npos ? 1 : 0;
  };
  EXPECT_EQ(applied_by(a) + applied_by(b), 1);
}

TEST_F(Migrate, WritesTheTimeZoneAndRefusesUnsupportedZones) {
  dir_.write("001_config.sql",
             "CREATE TABLE platform_config (time_zone TEXT NOT NULL);\n"
             "INSERT INTO platform_config VALUES ('UTC');\n");
  auto out = up();
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_EQ(text("SELECT time_zone FROM platform_config"), "Europe/Stockholm");
  ASSERT_EQ(up({"--time-zone", "America/New_York"}).exit_code, 0);
  EXPECT_EQ(text("SELECT time_zone FROM platform_config"), "America/New_York");
  ASSERT_EQ(up({}, {"TIME_ZONE=Europe/London"}).exit_code, 0);
  EXPECT_EQ(text("SELECT time_zone FROM platform_config"), "Europe/London");

  dir_.write("002_next.sql", "CREATE TABLE next (id int);");
  out = up({"--time-zone", "Asia/Kolkata"});
  EXPECT_EQ(out.exit_code, 3) << out.output;
  EXPECT_THAT(out.output, HasSubstr("not a whole number of hours"));
  out = up({"--time-zone", "Atlantis/Capital"});
  EXPECT_EQ(out.exit_code, 3) << out.output;
  EXPECT_THAT(out.output, HasSubstr("unknown to PostgreSQL"));
  EXPECT_FALSE(exists("next"));
  EXPECT_EQ(text("SELECT time_zone FROM platform_config"), "Europe/London");
}

TEST_F(Migrate, RolesYamlCreatesLoginRolesWithTheirPasswords) {
  const auto role = "migrate_role_" + testing_support::unique_suffix();
  struct DropRole {
    std::string role;
    ~DropRole() {
      try {
        core::pg::Connection(TempDatabase::admin_conninfo())
            .exec_script("DROP ROLE IF EXISTS " + role);
      } catch (const core::pg::Error&) {
        // Left for `make clean`.
      }
    }
  } drop{role};
  dir_.write("roles.yaml", "roles:\n  - name: " + role + "\n    password_env: K12N_TEST_ROLE_PW\n");
  dir_.write("001_grant.sql", "CREATE TABLE t (id int); GRANT SELECT ON t TO " + role + ";");
  const std::string password = "it's a \\secret";
  auto out = up({}, {"K12N_TEST_ROLE_PW=" + password});
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_THAT(out.output, HasSubstr("created role " + role));
  EXPECT_THAT(out.output, Not(HasSubstr("secret")));
  const auto login = [&](const std::string& pw) {
    return core::pg::with_database(admin_ + " user=" + role + " password=" + conninfo_value(pw),
                                   db_.name());
  };
  EXPECT_EQ(core::pg::Connection(login(password)).exec("SELECT count(*) FROM t").integer(0, 0), 0);

  // A rotated secret takes effect on the next run.
  out = up({}, {"K12N_TEST_ROLE_PW=rotated"});
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_THAT(out.output, Not(HasSubstr("created role")));
  EXPECT_NO_THROW(core::pg::Connection{login("rotated")});
  EXPECT_THROW(core::pg::Connection{login(password)}, core::pg::Error);
}

TEST(MigrateServer, CreateDatabaseCreatesAMissingDatabase) {
  const auto name = "migrate_created_" + testing_support::unique_suffix();
  struct DropDatabase {
    std::string name;
    ~DropDatabase() {
      try {
        core::pg::Connection(TempDatabase::admin_conninfo())
            .exec_script("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      } catch (const core::pg::Error&) {
        // Left for `make clean`.
      }
    }
  } drop{name};
  const TempDir dir;
  dir.write("001_create.sql", "CREATE TABLE t (id int);");
  const std::vector<std::string> args{
      "up",           "--database-url",   TempDatabase::admin_conninfo(), "--database", name,
      "--migrations", dir.path().string()};
  EXPECT_EQ(run(args).exit_code, 4);  // no such database, and not asked to create it

  auto with_create = args;
  with_create.emplace_back("--create-database");
  auto dry = with_create;
  dry.emplace_back("--dry-run");
  auto out = run(dry);
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_THAT(out.output, HasSubstr("would create database " + name));
  EXPECT_EQ(run(args).exit_code, 4);  // the dry run created nothing

  out = run(with_create);
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_THAT(out.output, HasSubstr("created database " + name));
  core::pg::Connection created(core::pg::with_database(TempDatabase::admin_conninfo(), name));
  EXPECT_EQ(created.exec("SELECT count(*) FROM schema_migrations").integer(0, 0), 1);
  EXPECT_EQ(run(with_create).exit_code, 0);
}

TEST(MigrateServer, UnreachableServerExitsFour) {
  const TempDir dir;
  const auto out = run({"--database-url", "host=127.0.0.1 port=1 user=nobody connect_timeout=5",
                        "--database", "telemetry", "--migrations", dir.path().string()});
  EXPECT_EQ(out.exit_code, 4) << out.output;
  EXPECT_THAT(out.output, HasSubstr("cannot connect"));
}

TEST(MigrateCli, HelpVersionAndUsageErrors) {
  auto out = run({"--help"});
  EXPECT_EQ(out.exit_code, 0);
  EXPECT_THAT(out.output, HasSubstr("Exit codes"));
  EXPECT_THAT(out.output, HasSubstr("refresh-aggregates"));
  out = run({"up", "--help"});
  EXPECT_EQ(out.exit_code, 0);
  EXPECT_THAT(out.output, HasSubstr("DATABASE_URL"));
  EXPECT_THAT(out.output, HasSubstr("Europe/Stockholm"));
  out = run({"--version"});
  EXPECT_EQ(out.exit_code, 0);
  EXPECT_THAT(out.output, ::testing::ContainsRegex("[0-9]+\\.[0-9]+\\.[0-9]+"));

  // An empty migrations directory of its own: /tmp may hold any *.sql file.
  const TempDir empty;
  const auto migrations = empty.path().string();
  out = run({});
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_THAT(out.output, HasSubstr("--database-url (or environment DATABASE_URL)"));
  EXPECT_THAT(out.output, HasSubstr("--database (or environment DATABASE_NAME)"));
  EXPECT_THAT(out.output, HasSubstr("--migrations (or environment MIGRATIONS_DIR)"));
  EXPECT_EQ(run({"up", "--database-url", "host=x", "--migrations", migrations}).exit_code, 2);
  EXPECT_EQ(run({"status", "--database-url", "host=x", "--database", "d", "--migrations",
                 migrations, "--dry-run"})
                .exit_code,
            2);
  EXPECT_EQ(run({"frobnicate"}).exit_code, 2);
  EXPECT_EQ(
      run({"--database-url", "host", "--database", "d", "--migrations", migrations}).exit_code, 2);
  const auto missing = run(
      {"--database-url", "host=x", "--database", "d", "--migrations", "/nonexistent/migrations"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.output, HasSubstr("/nonexistent/migrations does not exist"));
}

}  // namespace
}  // namespace migrate
