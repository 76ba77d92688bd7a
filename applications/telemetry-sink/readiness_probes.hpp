#pragma once

#include <chrono>
#include <string>

namespace sink {

// /readyz checks. Each opens its own short-lived connection, so a check answers for the
// dependency itself, whatever state the family threads are in.

// Connects and runs SELECT 1; false on any error. `conninfo` should bound the connect time.
bool database_reachable(const std::string& conninfo);

// Asks the cluster for its broker list within `timeout`.
bool kafka_reachable(const std::string& bootstrap_servers, std::chrono::milliseconds timeout);

}  // namespace sink
