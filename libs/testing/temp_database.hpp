#pragma once

#include <string>

namespace testing_support {

// A database created for one test on the stack's PostgreSQL and dropped afterwards.
class TempDatabase {
 public:
  explicit TempDatabase(const std::string& prefix);
  TempDatabase(const TempDatabase&) = delete;
  TempDatabase& operator=(const TempDatabase&) = delete;
  TempDatabase(TempDatabase&&) = delete;
  TempDatabase& operator=(TempDatabase&&) = delete;
  ~TempDatabase();

  const std::string& name() const { return name_; }
  // Superuser conninfo for this database.
  std::string conninfo() const;
  // Superuser conninfo for the maintenance database "postgres".
  static std::string admin_conninfo();

 private:
  std::string name_;
};

}  // namespace testing_support
