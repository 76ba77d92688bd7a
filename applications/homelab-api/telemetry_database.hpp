#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

#include "core/metrics/exposition.hpp"
#include "core/metrics/pool_gauges.hpp"
#include "core/pg/connection.hpp"
#include "core/pg/pool.hpp"

namespace homelab_api {

// The API's read-only connection pool over the telemetry database. Blocking: call it through
// core::http::offload.
//
// run() borrows a connection and maps database failures to the contract's answers: a server that
// cannot be reached, or no free connection within the acquire timeout, gives 503 {"error":
// "database unavailable"}; any other database error gives 500 {"error":"internal error"} with the
// details only in the log. A pooled connection that broke while it was idle (PostgreSQL was
// restarted, the backend was terminated) is discarded and the call retried on another, so the
// API recovers without a restart and the first request after an outage does not fail for it.
// Exports db_pool_connections{state="idle"|"in_use"}.
class TelemetryDatabase {
 public:
  // `conninfo` should come from reader_conninfo(), which makes every session read-only.
  TelemetryDatabase(std::string conninfo, std::size_t size,
                    std::chrono::milliseconds acquire_timeout, core::metrics::Registry& registry);

  // Calls fn with a pooled connection; fn may be called again after a stale connection failed
  // it, so it must only read. Throws core::http::Error (503, 500) for database failures;
  // exceptions of fn other than core::pg::Error pass through unchanged.
  void run(const std::function<void(core::pg::Connection&)>& fn);

  std::size_t size() const { return pool_.size(); }

 private:
  // Refuses a new connection whose sessions are not read-only, whatever the conninfo said.
  static void check_read_only(core::pg::Connection& conn);

  core::metrics::PoolGauges gauges_;
  core::pg::Pool pool_;
};

}  // namespace homelab_api
