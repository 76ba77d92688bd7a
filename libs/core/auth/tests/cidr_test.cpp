#include "core/auth/cidr.hpp"

#include <gtest/gtest.h>

namespace core::auth {
namespace {

bool contains(std::string_view cidr, std::string_view address) {
  const auto parsed = Cidr::parse(cidr);
  EXPECT_TRUE(parsed) << cidr;
  return parsed && parsed->contains(boost::asio::ip::make_address(address));
}

TEST(Cidr, MatchesIpv4Networks) {
  EXPECT_TRUE(contains("10.42.0.0/16", "10.42.7.1"));
  EXPECT_FALSE(contains("10.42.0.0/16", "10.43.0.1"));
  EXPECT_TRUE(contains("127.0.0.1/32", "127.0.0.1"));
  EXPECT_FALSE(contains("127.0.0.1/32", "127.0.0.2"));
  EXPECT_TRUE(contains("0.0.0.0/0", "192.168.1.1"));
}

TEST(Cidr, ABareAddressIsASingleHost) {
  EXPECT_TRUE(contains("192.168.1.10", "192.168.1.10"));
  EXPECT_FALSE(contains("192.168.1.10", "192.168.1.11"));
  EXPECT_TRUE(contains("::1", "::1"));
  EXPECT_FALSE(contains("::1", "::2"));
}

TEST(Cidr, HostBitsInTheNetworkAreIgnored) {
  EXPECT_TRUE(contains("10.1.2.3/8", "10.200.0.1"));
  EXPECT_TRUE(contains("fd00::1/8", "fd12::5"));
}

TEST(Cidr, MatchesIpv6Networks) {
  EXPECT_TRUE(contains("fd00::/8", "fd12:3456::1"));
  EXPECT_FALSE(contains("fd00::/8", "fe80::1"));
  EXPECT_TRUE(contains("2001:db8::/32", "2001:db8:ffff::1"));
}

TEST(Cidr, FamiliesDoNotMix) {
  EXPECT_FALSE(contains("::/0", "10.0.0.1"));
  EXPECT_FALSE(contains("0.0.0.0/0", "fd00::1"));
}

TEST(Cidr, AnIpv4MappedPeerIsMatchedAsIpv4) {
  EXPECT_TRUE(contains("10.0.0.0/8", "::ffff:10.1.2.3"));
  EXPECT_FALSE(contains("10.0.0.0/8", "::ffff:11.1.2.3"));
}

TEST(Cidr, RejectsMalformedNetworks) {
  for (const auto* bad : {"", "10.0.0.0/33", "fd00::/129", "10.0.0/8", "10.0.0.0/", "/8",
                          "10.0.0.0/-1", "10.0.0.0/8/8", "example.com", "10.0.0.0/a", "fd00::/x"}) {
    EXPECT_FALSE(Cidr::parse(bad)) << bad;
  }
}

}  // namespace
}  // namespace core::auth
