#include "copy_text.hpp"

#include <gtest/gtest.h>

namespace sink {
namespace {

TEST(CopyText, SeparatesColumnsWithTabsAndWritesNullAsBackslashN) {
  std::string out;
  append_copy_line(out, {"dev", {"2026-01-16 21:10:09.123000+00", std::nullopt, "", "956"}});
  append_copy_line(out, {"dev", {"x"}});
  EXPECT_EQ(out, "2026-01-16 21:10:09.123000+00\t\\N\t\t956\nx\n");
}

TEST(CopyText, EscapesBackslashAndControlCharacters) {
  std::string out;
  append_copy_line(out, {"dev", {"a\\b\tc\nd\re", "\\N"}});
  EXPECT_EQ(out, "a\\\\b\\tc\\nd\\re\t\\\\N\n");
}

}  // namespace
}  // namespace sink
