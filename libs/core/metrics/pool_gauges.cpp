#include "core/metrics/pool_gauges.hpp"

namespace core::metrics {
namespace {

prometheus::Family<prometheus::Gauge>& family(Registry& registry) {
  return prometheus::BuildGauge()
      .Name("db_pool_connections")
      .Help("Open connections of the database pool, by state")
      .Register(registry);
}

}  // namespace

PoolGauges::PoolGauges(Registry& registry)
    : idle_(family(registry).Add({{"state", "idle"}})),
      in_use_(family(registry).Add({{"state", "in_use"}})) {}

void PoolGauges::set(std::size_t idle, std::size_t in_use) {
  idle_.Set(static_cast<double>(idle));
  in_use_.Set(static_cast<double>(in_use));
}

}  // namespace core::metrics
