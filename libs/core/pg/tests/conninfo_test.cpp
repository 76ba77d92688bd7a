#include "core/pg/conninfo.hpp"

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <map>
#include <memory>
#include <stdexcept>

namespace core::pg {
namespace {

// Parses a connection string back with libpq, so the tests check meaning rather than spelling.
std::map<std::string, std::string> parsed(const std::string& conninfo) {
  char* error = nullptr;
  const std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
      PQconninfoParse(conninfo.c_str(), &error), &PQconninfoFree);
  if (!options) {
    PQfreemem(error);
    throw std::runtime_error("unparsable: " + conninfo);
  }
  std::map<std::string, std::string> out;
  for (const auto* o = options.get(); o->keyword != nullptr; ++o) {
    if (o->val != nullptr) {
      out[o->keyword] = o->val;
    }
  }
  return out;
}

TEST(WithDatabase, ReplacesTheDatabaseAndKeepsEverythingElse) {
  const auto out =
      with_database("host=127.0.0.1 port=5432 user=postgres dbname=postgres", "telemetry");
  const std::map<std::string, std::string> expected{
      {"host", "127.0.0.1"}, {"port", "5432"}, {"user", "postgres"}, {"dbname", "telemetry"}};
  EXPECT_EQ(parsed(out), expected);
}

TEST(WithDatabase, AddsTheDatabaseWhenNoneIsGiven) {
  EXPECT_EQ(parsed(with_database("host=db", "settings"))["dbname"], "settings");
  EXPECT_EQ(parsed(with_database("", "settings"))["dbname"], "settings");
}

TEST(WithDatabase, QuotesValuesWithSpacesQuotesAndBackslashes) {
  const std::string password = R"(it's a \secret with spaces)";
  const std::string input = R"(user=migrator password='it\'s a \\secret with spaces')";
  const auto out = parsed(with_database(input, "odd 'name'"));
  EXPECT_EQ(out.at("password"), password);
  EXPECT_EQ(out.at("dbname"), "odd 'name'");
}

TEST(WithDatabase, AcceptsUris) {
  const auto out =
      parsed(with_database("postgresql://migrator:pw@db.local:6432/postgres?sslmode=require", "x"));
  EXPECT_EQ(out.at("host"), "db.local");
  EXPECT_EQ(out.at("port"), "6432");
  EXPECT_EQ(out.at("user"), "migrator");
  EXPECT_EQ(out.at("password"), "pw");
  EXPECT_EQ(out.at("sslmode"), "require");
  EXPECT_EQ(out.at("dbname"), "x");
}

TEST(WithDatabase, RejectsUnparsableStrings) {
  EXPECT_THROW(with_database("host", "x"), std::invalid_argument);
  EXPECT_THROW(with_database("nosuchkeyword=1", "x"), std::invalid_argument);
}

}  // namespace
}  // namespace core::pg
