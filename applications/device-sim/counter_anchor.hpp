#pragma once

namespace device_sim {

// The start value of a cumulative register (energy in Wh, runtime in hours): `base` at
// 2025-01-01T00:00Z plus `per_hour` for every hour since. A restarted simulator then continues
// above where its last run stopped instead of resetting the meter, as long as the simulated
// average stays below `per_hour`; downstream aggregates would read a reset as a new meter.
double anchored_start(double base, double per_hour, double unix_seconds);

}  // namespace device_sim
