#pragma once

#include <prometheus/gauge.h>

#include <cstddef>

#include "core/metrics/exposition.hpp"

namespace core::metrics {

// db_pool_connections{state="idle"|"in_use"}: the open connections of a service's database pool.
class PoolGauges {
 public:
  explicit PoolGauges(Registry& registry);

  void set(std::size_t idle, std::size_t in_use);

 private:
  prometheus::Gauge& idle_;
  prometheus::Gauge& in_use_;
};

}  // namespace core::metrics
