#pragma once

#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>

namespace core::metrics {

using Registry = prometheus::Registry;

// Prometheus text exposition format (version 0.0.4) of everything in the registry.
std::string expose(const Registry& registry);

inline constexpr const char* kContentType = "text/plain; version=0.0.4; charset=utf-8";

// Buckets for request and write latencies, in seconds (1 ms .. 10 s).
prometheus::Histogram::BucketBoundaries latency_buckets();

}  // namespace core::metrics
