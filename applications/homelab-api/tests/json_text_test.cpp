#include "json_text.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>

namespace homelab_api {
namespace {

namespace json = boost::json;

TEST(JsonText, NumbersAreWrittenAsPeopleReadThem) {
  EXPECT_EQ(json_text(json::value(0.412)), "0.412");
  EXPECT_EQ(json_text(json::value(21.3)), "21.3");
  EXPECT_EQ(json_text(json::value(-3.0)), "-3");
  EXPECT_EQ(json_text(json::value(0.0)), "0");
  EXPECT_EQ(json_text(json::value(std::int64_t{102795417})), "102795417");
  EXPECT_EQ(json_text(json::value(std::int64_t{-180})), "-180");
  EXPECT_EQ(json_text(json::value(std::uint64_t{18446744073709551615U})), "18446744073709551615");
}

// Read back with a correctly rounding parser: Boost.JSON 1.81's own parser is not one.
TEST(JsonText, EveryDoubleReadsBackExactly) {
  for (const double d : {0.1, 1.0 / 3.0, 1e21, 1e-7, 123456789.123456789, -0.067,
                         std::numeric_limits<double>::max(), std::numeric_limits<double>::min()}) {
    const auto text = json_text(json::value(d));
    double back = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), back);
    EXPECT_TRUE(ec == std::errc() && end == text.data() + text.size()) << text;
    EXPECT_EQ(back, d) << text;
  }
}

TEST(JsonText, NonFiniteNumbersAreNull) {
  EXPECT_EQ(json_text(json::value(std::nan(""))), "null");
  EXPECT_EQ(json_text(json::value(std::numeric_limits<double>::infinity())), "null");
}

TEST(JsonText, StructureAndStringsMatchBoostJson) {
  const auto value = json::parse(
      R"({"a":[1,true,null,"x\"y\\z\n\u0001é"],"b":{},"c":[],"d":{"e":"f"},"nil":null})");
  EXPECT_EQ(json_text(value), json::serialize(value));
}

TEST(JsonText, EveryByteIsEscapedLikeBoostJson) {
  std::string every_byte;
  for (int c = 0; c < 256; ++c) {
    every_byte += static_cast<char>(c);
  }
  const json::value value = json::object{{every_byte, every_byte}, {"plain", "text"}};
  EXPECT_EQ(json_text(value), json::serialize(value));
}

TEST(JsonText, ResponseCarriesTheJsonMediaType) {
  const auto response = json_response(json::array{1.5}, core::http::Status::not_found);
  EXPECT_EQ(response.result(), core::http::Status::not_found);
  EXPECT_EQ(response[boost::beast::http::field::content_type], core::http::kJsonContentType);
  EXPECT_EQ(response.body(), "[1.5]");
}

}  // namespace
}  // namespace homelab_api
