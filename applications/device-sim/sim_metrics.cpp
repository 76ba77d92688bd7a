#include "sim_metrics.hpp"

namespace device_sim {

SimMetrics::SimMetrics(prometheus::Registry& registry)
    : published_(prometheus::BuildCounter()
                     .Name("device_sim_messages_published_total")
                     .Help("Messages the broker acknowledged, per simulated device")
                     .Register(registry)),
      failures_(prometheus::BuildCounter()
                    .Name("device_sim_publish_failures_total")
                    .Help("Readings dropped because publishing failed, per simulated device")
                    .Register(registry)),
      commands_(prometheus::BuildCounter()
                    .Name("device_sim_commands_total")
                    .Help("ThermIQ write commands received, by outcome")
                    .Register(registry)) {}

}  // namespace device_sim
