#include "reader_conninfo.hpp"

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <map>
#include <memory>
#include <stdexcept>

namespace homelab_api {
namespace {

using namespace std::chrono_literals;

// The conninfo as libpq reads it.
std::map<std::string, std::string> settings(const std::string& conninfo) {
  char* error = nullptr;
  const std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
      PQconninfoParse(conninfo.c_str(), &error), &PQconninfoFree);
  EXPECT_NE(options, nullptr) << conninfo;
  std::map<std::string, std::string> out;
  for (const auto* option = options.get(); option != nullptr && option->keyword != nullptr;
       ++option) {
    if (option->val != nullptr) {
      out[option->keyword] = option->val;
    }
  }
  return out;
}

TEST(ReaderConninfo, AddsReadOnlySessionsAndTimeouts) {
  const auto out =
      settings(reader_conninfo("host=db dbname=telemetry user=telemetry_reader", 5s, 30'000ms));
  EXPECT_EQ(out.at("host"), "db");
  EXPECT_EQ(out.at("dbname"), "telemetry");
  EXPECT_EQ(out.at("options"),
            "-c default_transaction_read_only=on -c jit=off -c plan_cache_mode=force_generic_plan "
            "-c statement_timeout=30000");
  EXPECT_EQ(out.at("connect_timeout"), "5");
  EXPECT_EQ(out.at("application_name"), "homelab-api");
  EXPECT_EQ(out.at("keepalives"), "1");
}

TEST(ReaderConninfo, KeepsTheOperatorsSettingsAndPutsReadOnlyLast) {
  const auto out = settings(reader_conninfo(
      "postgresql://reader:p%40ss@db:5433/telemetry?connect_timeout=2&application_name=x&"
      "options=-c%20default_transaction_read_only%3Doff",
      5s, 1000ms));
  EXPECT_EQ(out.at("password"), "p@ss");
  EXPECT_EQ(out.at("port"), "5433");
  EXPECT_EQ(out.at("connect_timeout"), "2");
  EXPECT_EQ(out.at("application_name"), "x");
  EXPECT_EQ(out.at("options"),
            "-c default_transaction_read_only=off -c default_transaction_read_only=on -c jit=off "
            "-c plan_cache_mode=force_generic_plan -c statement_timeout=1000");
}

TEST(ReaderConninfo, QuotesValuesWithSpacesAndQuotes) {
  const auto out = settings(reader_conninfo("host=db password='it\\'s a secret'", 5s, 1000ms));
  EXPECT_EQ(out.at("password"), "it's a secret");
}

TEST(ReaderConninfo, RejectsAnUnparseableStringWithoutQuotingIt) {
  try {
    reader_conninfo("host='secret", 5s, 1000ms);
    FAIL() << "accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).find("secret"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace homelab_api
