#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/metrics/exposition.hpp"
#include "core/metrics/pool_gauges.hpp"
#include "core/pg/async_pool.hpp"

namespace homelab_api {

// The API's read-only connection pool over the telemetry database, driven by the service's
// io_context: a request's statement is sent and its answer read on the I/O thread, with no hand-off
// to a blocking thread (core::pg::AsyncPool, so one io thread only).
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
  using Work = std::function<boost::asio::awaitable<void>(core::pg::AsyncConnection&)>;

  // `conninfo` should come from reader_conninfo(), which makes every session read-only. New
  // connections are opened on `connector`.
  TelemetryDatabase(std::string conninfo, std::size_t size,
                    std::chrono::milliseconds acquire_timeout, boost::asio::thread_pool& connector,
                    core::metrics::Registry& registry);
  TelemetryDatabase(const TelemetryDatabase&) = delete;
  TelemetryDatabase& operator=(const TelemetryDatabase&) = delete;
  TelemetryDatabase(TelemetryDatabase&&) = delete;
  TelemetryDatabase& operator=(TelemetryDatabase&&) = delete;
  ~TelemetryDatabase();

  // Runs work with a pooled connection; work may be run again after a stale connection failed
  // it, so it must only read. Throws core::http::Error (503, 500) for database failures;
  // exceptions of work other than core::pg::Error pass through unchanged.
  boost::asio::awaitable<void> run(Work work);
  // One prepared statement through run(), its parameters converted to core::pg::Param: what
  // every route does. Co_await it in the expression that makes it.
  template <typename... Args>
  boost::asio::awaitable<core::pg::Result> query(std::string_view sql, const Args&... args) {
    return query_params(sql, {core::pg::Param(args)...});
  }

  std::size_t size() const { return pool_->size(); }

 private:
  boost::asio::awaitable<core::pg::Result> query_params(std::string_view sql,
                                                        std::vector<core::pg::Param> params);

  core::metrics::PoolGauges gauges_;
  // Shared with the leases of coroutines still suspended when the database object goes.
  std::shared_ptr<core::pg::AsyncPool> pool_;
};

}  // namespace homelab_api
