#include "checksum.hpp"

#include <gtest/gtest.h>

namespace migrate {
namespace {

// Test vectors from FIPS 180-2.
TEST(Checksum, IsLowerCaseHexSha256OfTheBytes) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Checksum, SeesEveryByteIncludingLineEndings) {
  EXPECT_NE(sha256_hex("SELECT 1;\n"), sha256_hex("SELECT 1;\r\n"));
  EXPECT_NE(sha256_hex(std::string("a\0b", 3)), sha256_hex("a"));
}

}  // namespace
}  // namespace migrate
