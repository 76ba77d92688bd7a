#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/pg/connection.hpp"
#include "testing/migrate.hpp"
#include "testing/temp_database.hpp"

namespace db_test {

// Applies the migrations in db/<schema> ("telemetry" or "settings") to an existing database with
// the real homelab-migrate binary (testing_support::migrate).
void migrate(const std::string& database, const std::string& schema);

using testing_support::role_conninfo;

// SQLSTATE of the error that running `sql` raises, or "" when it succeeds.
std::string sqlstate_of(core::pg::Connection& conn, const std::string& sql);

// Every row of a query as "col1|col2|..." with NULL shown as "null", for whole-result checks.
std::vector<std::string> rows_of(core::pg::Connection& conn, const std::string& sql);

// Inserts `rows` (each "(v1, v2, ...)") in one statement as the telemetry sink does, skipping rows
// whose (device, time) key exists. Returns the number of rows actually inserted.
std::int64_t insert_rows(core::pg::Connection& conn, const std::string& table,
                         const std::string& columns, const std::vector<std::string>& rows);

// A fresh database with one schema applied by homelab-migrate, and a superuser connection to it
// whose session time zone is UTC, so timestamps read back as "2026-01-16 20:00:00+00".
class MigratedDatabase : public ::testing::Test {
 protected:
  explicit MigratedDatabase(std::string schema) : schema_(std::move(schema)) {}

  void SetUp() override {
    migrate(db_.name(), schema_);
    conn_ = std::make_unique<core::pg::Connection>(db_.conninfo());
    conn_->exec_script("SET TIME ZONE 'UTC'");
  }

  core::pg::Connection& conn() { return *conn_; }

  testing_support::TempDatabase db_{"schema_test"};

 private:
  std::string schema_;
  std::unique_ptr<core::pg::Connection> conn_;
};

class TelemetryDatabase : public MigratedDatabase {
 protected:
  TelemetryDatabase() : MigratedDatabase("telemetry") {}
};

class SettingsDatabase : public MigratedDatabase {
 protected:
  SettingsDatabase() : MigratedDatabase("settings") {}
};

}  // namespace db_test
