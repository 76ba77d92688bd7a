#include <gtest/gtest.h>

#include "core/time/rfc3339.hpp"
#include "dead_letter_writer.hpp"

namespace sink {
namespace {

TEST(DeadLetterHeaders, FollowTheContract) {
  const auto received = core::time::parse_rfc3339("2026-01-16T21:10:09.123456Z").value();
  const DeadLetter letter{"homelab-energy-realtime",
                          "{}",
                          "9MANZWNG",
                          RejectReason::constraint_violation,
                          "fields.active_power_total: 3000000000 is outside the range of INTEGER",
                          std::chrono::system_clock::time_point(received.time_since_epoch())};
  EXPECT_EQ(dead_letter_headers(letter, "energy_consumption"),
            (core::kafka::Headers{
                {"x-source-topic", "homelab-energy-realtime"},
                {"x-error-reason",
                 "constraint_violation: fields.active_power_total: 3000000000 is outside the "
                 "range of INTEGER"},
                {"x-received-at", "2026-01-16T21:10:09.123Z"},
                {"x-stage", "sink:energy_consumption"},
            }));
}

}  // namespace
}  // namespace sink
