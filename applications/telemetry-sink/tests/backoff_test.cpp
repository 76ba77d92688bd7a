#include "backoff.hpp"

#include <gtest/gtest.h>

namespace sink {
namespace {

using std::chrono::milliseconds;

TEST(Backoff, DoublesUpToTheCapAndStartsOverAfterReset) {
  Backoff backoff(milliseconds(1000), milliseconds(5000));
  EXPECT_EQ(backoff.next(), milliseconds(1000));
  EXPECT_EQ(backoff.next(), milliseconds(2000));
  EXPECT_EQ(backoff.next(), milliseconds(4000));
  EXPECT_EQ(backoff.next(), milliseconds(5000));
  EXPECT_EQ(backoff.next(), milliseconds(5000));
  backoff.reset();
  EXPECT_EQ(backoff.next(), milliseconds(1000));
}

}  // namespace
}  // namespace sink
