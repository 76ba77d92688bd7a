#include "core/metrics/exposition.hpp"

#include <gtest/gtest.h>
#include <prometheus/counter.h>

namespace core::metrics {
namespace {

TEST(Exposition, RendersPrometheusText) {
  Registry registry;
  auto& family = prometheus::BuildCounter()
                     .Name("k12n_messages_total")
                     .Help("Messages handled")
                     .Register(registry);
  family.Add({{"stream", "energy"}}).Increment(3);
  const auto text = expose(registry);
  EXPECT_NE(text.find("# TYPE k12n_messages_total counter"), std::string::npos) << text;
  EXPECT_NE(text.find("k12n_messages_total{stream=\"energy\"} 3"), std::string::npos) << text;
}

}  // namespace
}  // namespace core::metrics
