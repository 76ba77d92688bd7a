#include "json_text.hpp"

#include <gtest/gtest.h>

#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

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

// A number's text is copied only when append_json_number would write the same text. The fixed
// notation of std::to_chars has the shortest digits, as PostgreSQL's text of a DOUBLE PRECISION.
TEST(JsonText, NumberTextIsCopiedOnlyWhenItIsWhatWouldBeWritten) {
  std::vector<double> values = {0.0,
                                -0.0,
                                0.412,
                                21.3,
                                -3.0,
                                1e5,
                                1e4,
                                1e-3,
                                1e-4,
                                1234.5,
                                123456789012345.6,
                                1e15,
                                1e16,
                                1.5e17,
                                1e21,
                                1e-7,
                                0.1,
                                1.0 / 3.0,
                                std::numeric_limits<double>::max(),
                                std::numeric_limits<double>::min(),
                                -0.067,
                                35.0,
                                102795417.0,
                                120000.0,
                                0.00012,
                                0.0012};
  std::mt19937_64 random(42);
  for (int i = 0; i < 20000; ++i) {
    const double mantissa = std::uniform_real_distribution<double>(-10.0, 10.0)(random);
    const int exponent = std::uniform_int_distribution<int>(-8, 20)(random);
    const double rounded = std::round(mantissa * 1000.0) / 1000.0;
    values.push_back(mantissa * std::pow(10.0, exponent));
    values.push_back(rounded * std::pow(10.0, exponent));
  }
  for (const double value : values) {
    std::array<char, 400> buf{};
    const auto fixed_end =
        std::to_chars(buf.data(), buf.data() + buf.size(), value, std::chars_format::fixed).ptr;
    const std::string fixed(buf.data(), fixed_end);
    std::string written;
    append_json_number(written, value);
    // Never copied when something else would be written; always copied in the range where
    // PostgreSQL writes fixed notation, when that is what would be written. (Above it the fixed
    // notation of std::to_chars has every digit of the exact value, which PostgreSQL never writes.)
    if (std::abs(value) < 1e15) {
      EXPECT_EQ(is_shortest_number_text(fixed), fixed == written) << fixed << " " << written;
    } else if (is_shortest_number_text(fixed)) {
      EXPECT_EQ(fixed, written);
    }
  }
  for (const auto* text : {"21.3", "-3", "0", "-0", "0.001", "10000", "123456789012345.6"}) {
    EXPECT_TRUE(is_shortest_number_text(text)) << text;
  }
  for (const auto* text : {"100000", "0.0001", "1e+20", "1.5e-05", "NaN", "Infinity", "", "-", "01",
                           "1.", ".5", "1.50", "+1", " 1", "1 ", "0x1", "1.2.3"}) {
    EXPECT_FALSE(is_shortest_number_text(text)) << text;
  }
}

TEST(JsonText, IntegerTextIsCopiedWhenPlain) {
  for (const auto* text : {"0", "-1", "102795417", "-180", "999999999999999999"}) {
    EXPECT_TRUE(is_plain_integer_text(text)) << text;
  }
  for (const auto* text :
       {"", "-", "01", "+1", "1.0", "1e3", " 1", "-0123", "1234567890123456789"}) {
    EXPECT_FALSE(is_plain_integer_text(text)) << text;
  }
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
