#include "core/log/logging.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace core::log {
namespace {

TEST(Logging, JsonLinesEscapeMessages) {
  ASSERT_TRUE(init({.service = "svc", .format = Format::json, .level = "info"}));
  ::testing::internal::CaptureStdout();
  spdlog::info("quote \" and newline\n inside");
  spdlog::debug("below the level");
  spdlog::default_logger()->flush();
  const auto out = ::testing::internal::GetCapturedStdout();
  ASSERT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
  const auto line = boost::json::parse(out).as_object();
  EXPECT_EQ(line.at("level").as_string(), "info");
  EXPECT_EQ(line.at("logger").as_string(), "svc");
  EXPECT_EQ(line.at("msg").as_string(), "quote \" and newline\n inside");
  EXPECT_EQ(line.at("ts").as_string().size(), 24U);
}

TEST(Logging, RejectsUnknownLevelAndFormat) {
  EXPECT_FALSE(init({.service = "svc", .format = Format::text, .level = "loud"}));
  Format f{};
  EXPECT_FALSE(parse_format("xml", f));
  EXPECT_TRUE(parse_format("json", f));
  EXPECT_EQ(f, Format::json);
}

}  // namespace
}  // namespace core::log
