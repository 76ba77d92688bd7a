#include "core/metrics/exposition.hpp"

#include <prometheus/text_serializer.h>

namespace core::metrics {

std::string expose(const Registry& registry) {
  return prometheus::TextSerializer{}.Serialize(registry.Collect());
}

prometheus::Histogram::BucketBoundaries latency_buckets() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

}  // namespace core::metrics
