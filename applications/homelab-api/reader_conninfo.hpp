#pragma once

#include <chrono>
#include <string>

namespace homelab_api {

// The operator's libpq connection string (keyword/value or URI) in keyword/value form with what
// the API relies on:
//   - every session is read-only: `-c default_transaction_read_only=on` is appended to the
//     startup options, after any the operator gave, so it holds even when the string names a
//     role that may write (telemetry_reader's role default says the same);
//   - `-c statement_timeout=<ms>`, so a runaway query cannot hold a pooled connection forever;
//   - `-c jit=off`: the aggregate views look expensive to the planner, and compiling them took
//     about 200 ms of a 10 ms summary query over a year of hourly rows;
//   - `-c plan_cache_mode=force_generic_plan`: every statement is prepared once per connection
//     and its plan kept. Left to choose, PostgreSQL planned the one-hour range read anew on every
//     execution (0.44 ms a statement instead of 0.12); the generic plans of the range functions
//     use the same bucket indexes whatever the range;
//   - connect_timeout, TCP keepalives and application_name=homelab-api unless the string sets
//     them, so that an unreachable server fails a request instead of hanging it.
// Throws std::invalid_argument when libpq cannot parse the string; the message never quotes it,
// because it holds the password.
std::string reader_conninfo(const std::string& conninfo, std::chrono::seconds connect_timeout,
                            std::chrono::milliseconds statement_timeout);

}  // namespace homelab_api
