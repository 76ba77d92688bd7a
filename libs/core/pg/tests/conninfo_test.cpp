#include "core/pg/conninfo.hpp"

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <chrono>
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

TEST(ServiceConninfo, AddsTimeoutsWhereTheStringHasNone) {
  EXPECT_EQ(
      service_conninfo("host=db user=w password=s3cret dbname=telemetry", "telemetry-sink",
                       std::chrono::seconds(5)),
      "application_name='telemetry-sink' connect_timeout='5' dbname='telemetry' "
      "gssencmode='disable' host='db' keepalives='1' keepalives_count='3' keepalives_idle='30' "
      "keepalives_interval='10' password='s3cret' user='w'");
}

TEST(ServiceConninfo, KeepsWhatTheOperatorSetAndAcceptsUris) {
  const auto out =
      parsed(service_conninfo("postgresql://w:p%27q@db:5433/telemetry"
                              "?connect_timeout=9&application_name=mine&gssencmode=prefer",
                              "telemetry-sink", std::chrono::seconds(5)));
  EXPECT_EQ(out.at("connect_timeout"), "9");
  EXPECT_EQ(out.at("gssencmode"), "prefer");
  EXPECT_EQ(out.at("application_name"), "mine");
  EXPECT_EQ(out.at("password"), "p'q");
  EXPECT_EQ(out.at("port"), "5433");
}

TEST(ServiceConninfo, AppendsForcedOptionsAfterTheOperators) {
  const auto out = parsed(service_conninfo("host=db options='-c default_transaction_read_only=off'",
                                           "homelab-api", std::chrono::seconds(5),
                                           "-c default_transaction_read_only=on"));
  EXPECT_EQ(out.at("options"),
            "-c default_transaction_read_only=off -c default_transaction_read_only=on");
}

TEST(ServiceConninfo, RejectsWhatLibpqCannotParseWithoutQuotingIt) {
  try {
    service_conninfo("host=db password=abc def", "telemetry-sink", std::chrono::seconds(5));
    FAIL() << "accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).find("def"), std::string::npos);
  }
}

}  // namespace
}  // namespace core::pg
