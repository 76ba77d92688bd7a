#include "core/auth/base64url.hpp"

#include <gtest/gtest.h>

#include "test_keys.hpp"

namespace core::auth {
namespace {

TEST(Base64Url, DecodesTheRfc7515Example) {
  // RFC 7515 appendix A.1: the protected header of the example JWS.
  EXPECT_EQ(base64url_decode("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"),
            "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}");
}

TEST(Base64Url, DecodesEveryLengthWithoutPadding) {
  EXPECT_EQ(base64url_decode(""), "");
  EXPECT_EQ(base64url_decode("Zg"), "f");
  EXPECT_EQ(base64url_decode("Zm8"), "fo");
  EXPECT_EQ(base64url_decode("Zm9v"), "foo");
  EXPECT_EQ(base64url_decode("Zm9vYg"), "foob");
}

TEST(Base64Url, UsesTheUrlAlphabet) {
  EXPECT_EQ(base64url_decode("-_8"), std::string("\xfb\xff", 2));
  EXPECT_EQ(base64url_decode("AP8A"), std::string("\x00\xff\x00", 3));
}

TEST(Base64Url, RoundTripsEveryByte) {
  std::string all;
  for (int i = 0; i < 256; ++i) {
    all.push_back(static_cast<char>(i));
  }
  for (std::size_t length = 0; length <= all.size(); length += 37) {
    const auto data = all.substr(0, length);
    EXPECT_EQ(base64url_decode(testing::base64url(data)), data) << length;
  }
}

TEST(Base64Url, RejectsWhatIsNotUnpaddedBase64Url) {
  for (const auto* bad : {"Zg==", "Zm8=", "a+b/", "Zm 9v", " Zm9v", "Zm9v\n", "Z", "Zm9vY", "Zm9v.",
                          "Zm9v\xc3\xa9"}) {
    EXPECT_EQ(base64url_decode(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace core::auth
