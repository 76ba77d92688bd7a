#include "core/mqtt/ack_window.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace core::mqtt {
namespace {

using Ids = std::vector<std::uint16_t>;

TEST(AckWindowTest, InOrderFinishesReleaseAtOnce) {
  AckWindow window;
  EXPECT_EQ(window.add(10), 0U);
  EXPECT_EQ(window.add(11), 1U);
  Ids due;
  EXPECT_TRUE(window.finish(0, due));
  EXPECT_EQ(due, Ids{10});
  EXPECT_TRUE(window.finish(1, due));
  EXPECT_EQ(due, (Ids{10, 11}));
  EXPECT_TRUE(window.empty());
}

TEST(AckWindowTest, LaterFinishWaitsForEarlierMessages) {
  AckWindow window;
  for (std::uint16_t id = 1; id <= 4; ++id) {
    window.add(id);
  }
  Ids due;
  EXPECT_TRUE(window.finish(2, due));
  EXPECT_TRUE(window.finish(1, due));
  EXPECT_TRUE(due.empty()) << "nothing may go out before message 0";
  EXPECT_EQ(window.size(), 4U);
  EXPECT_TRUE(window.finish(0, due));
  EXPECT_EQ(due, (Ids{1, 2, 3}));
  EXPECT_EQ(window.size(), 1U);
  EXPECT_TRUE(window.finish(3, due));
  EXPECT_EQ(due, (Ids{1, 2, 3, 4}));
}

TEST(AckWindowTest, QosZeroTakesPartInTheOrderWithoutAPuback) {
  AckWindow window;
  window.add(5);
  window.add(0);
  window.add(6);
  Ids due;
  window.finish(1, due);
  window.finish(2, due);
  EXPECT_TRUE(due.empty());
  window.finish(0, due);
  EXPECT_EQ(due, (Ids{5, 6}));
  EXPECT_TRUE(window.empty());
}

TEST(AckWindowTest, UnknownOrRepeatedSequencesAreIgnored) {
  AckWindow window;
  window.add(1);
  window.add(2);
  Ids due;
  EXPECT_FALSE(window.finish(7, due));
  EXPECT_TRUE(window.finish(1, due));
  EXPECT_FALSE(window.finish(1, due));
  EXPECT_TRUE(window.finish(0, due));
  EXPECT_FALSE(window.finish(0, due)) << "already released";
  EXPECT_EQ(due, (Ids{1, 2}));
  EXPECT_EQ(window.add(3), 2U) << "sequence numbers keep counting";
}

}  // namespace
}  // namespace core::mqtt
