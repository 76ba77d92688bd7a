// JSON text and timestamps as the API writes them.
#include "json_output.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace settings_api {
namespace {

TEST(JsonText, WritesNumbersPlainly) {
  EXPECT_EQ(json_text(boost::json::parse(
                R"({"t":21.5,"w":21.0,"n":-1,"s":"a\"b","z":null,"a":[0.1,true],"o":{}})")),
            R"({"t":21.5,"w":21.0,"n":-1,"s":"a\"b","z":null,"a":[0.1,true],"o":{}})");
}

TEST(JsonText, KeepsLargeAndSmallFloatsReadable) {
  EXPECT_EQ(json_text(boost::json::value(1e300)), "1e+300");
  EXPECT_EQ(json_text(boost::json::value(-3.0)), "-3.0");
}

TEST(FormatUtc, OmitsAZeroFractionAndUsesThreeOrSixDigits) {
  EXPECT_EQ(format_utc(1768597809000000), "2026-01-16T21:10:09Z");
  EXPECT_EQ(format_utc(1768597809123000), "2026-01-16T21:10:09.123Z");
  EXPECT_EQ(format_utc(1768597809123456), "2026-01-16T21:10:09.123456Z");
  EXPECT_EQ(format_utc(-1), "1969-12-31T23:59:59.999999Z");
}

}  // namespace
}  // namespace settings_api
