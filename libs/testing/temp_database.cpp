#include "testing/temp_database.hpp"

#include "core/pg/connection.hpp"
#include "testing/stack_env.hpp"

namespace testing_support {

std::string TempDatabase::admin_conninfo() { return stack_env("K12N_PG_ADMIN_DSN"); }

TempDatabase::TempDatabase(const std::string& prefix) : name_(prefix + "_" + unique_suffix()) {
  core::pg::Connection admin(admin_conninfo());
  admin.exec_script("CREATE DATABASE " + admin.quote_identifier(name_));
}

TempDatabase::~TempDatabase() {
  try {
    core::pg::Connection admin(admin_conninfo());
    admin.exec_script("DROP DATABASE IF EXISTS " + admin.quote_identifier(name_) +
                      " WITH (FORCE)");
  } catch (const core::pg::Error&) {
    // Left behind for `make clean`; a failing drop must not mask the test's own result.
  }
}

std::string TempDatabase::conninfo() const { return admin_conninfo() + " dbname=" + name_; }

}  // namespace testing_support
