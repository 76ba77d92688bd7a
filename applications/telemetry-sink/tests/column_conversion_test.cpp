#include "column_conversion.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace sink {
namespace {

namespace json = boost::json;

std::optional<std::string> text_of(const json::value& value, ColumnType type) {
  const auto converted = convert(value, type);
  if (const auto* error = std::get_if<ConversionError>(&converted)) {
    ADD_FAILURE() << error->detail;
    return "error";
  }
  return std::get<std::optional<std::string>>(converted);
}

TEST(ColumnConversion, RoundsHalfAwayFromZeroWithin64Bits) {
  EXPECT_EQ(round_to_int64(json::value(0.5)), 1);
  EXPECT_EQ(round_to_int64(json::value(-0.5)), -1);
  EXPECT_EQ(round_to_int64(json::value(1.4999)), 1);
  EXPECT_EQ(round_to_int64(json::value(-9223372036854775807 - 1)), INT64_MIN);
  EXPECT_EQ(round_to_int64(json::value(std::uint64_t{9223372036854775807})), INT64_MAX);
  EXPECT_EQ(round_to_int64(json::value(std::uint64_t{9223372036854775808U})), std::nullopt);
  // 2^63 as a double is one past the maximum; -2^63 is the minimum itself.
  EXPECT_EQ(round_to_int64(json::value(9223372036854775808.0)), std::nullopt);
  EXPECT_EQ(round_to_int64(json::value(-9223372036854775808.0)), INT64_MIN);
  EXPECT_EQ(round_to_int64(json::value(-1e300)), std::nullopt);
}

TEST(ColumnConversion, NullIsSqlNullForEveryType) {
  for (const auto type : {ColumnType::text, ColumnType::integer, ColumnType::bigint,
                          ColumnType::float8, ColumnType::boolean, ColumnType::presence}) {
    EXPECT_EQ(text_of(nullptr, type), std::nullopt);
  }
}

TEST(ColumnConversion, Float8KeepsIntegersAndShortestDoubles) {
  EXPECT_EQ(text_of(165000, ColumnType::float8), "165000");
  EXPECT_EQ(text_of(std::uint64_t{18446744073709551615U}, ColumnType::float8),
            "18446744073709551615");
  EXPECT_EQ(text_of(0.1, ColumnType::float8), "0.1");
  EXPECT_EQ(text_of(1e300, ColumnType::float8), "1e+300");
}

TEST(ColumnConversion, BooleansAcceptZeroAndOne) {
  EXPECT_EQ(text_of(true, ColumnType::boolean), "t");
  EXPECT_EQ(text_of(0, ColumnType::boolean), "f");
  EXPECT_EQ(text_of(1.0, ColumnType::boolean), "t");
  EXPECT_TRUE(
      std::holds_alternative<ConversionError>(convert(json::value(2), ColumnType::boolean)));
  EXPECT_TRUE(
      std::holds_alternative<ConversionError>(convert(json::value("on"), ColumnType::presence)));
}

}  // namespace
}  // namespace sink
