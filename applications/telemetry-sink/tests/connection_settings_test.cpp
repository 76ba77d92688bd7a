#include "connection_settings.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace sink {
namespace {

using std::chrono::seconds;

TEST(ConnectionSettings, AddsTimeoutsWhereTheStringHasNone) {
  EXPECT_EQ(sink_conninfo("host=db user=w password=s3cret dbname=telemetry", seconds(5)),
            "application_name='telemetry-sink' connect_timeout='5' dbname='telemetry' "
            "host='db' keepalives='1' keepalives_count='3' keepalives_idle='30' "
            "keepalives_interval='10' password='s3cret' user='w'");
}

TEST(ConnectionSettings, KeepsWhatTheOperatorSetAndAcceptsUris) {
  const auto conninfo = sink_conninfo(
      "postgresql://w:p%27q@db:5433/telemetry?connect_timeout=9&application_name=mine", seconds(5));
  EXPECT_NE(conninfo.find("connect_timeout='9'"), std::string::npos);
  EXPECT_NE(conninfo.find("application_name='mine'"), std::string::npos);
  EXPECT_NE(conninfo.find("password='p\\'q'"), std::string::npos);
  EXPECT_NE(conninfo.find("port='5433'"), std::string::npos);
}

TEST(ConnectionSettings, RejectsWhatLibpqCannotParseWithoutQuotingIt) {
  try {
    sink_conninfo("host=db password=abc def", seconds(5));
    FAIL() << "accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).find("def"), std::string::npos);
  }
}

}  // namespace
}  // namespace sink
