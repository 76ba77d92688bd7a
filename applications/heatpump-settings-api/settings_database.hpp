#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

#include "core/metrics/exposition.hpp"
#include "core/metrics/pool_gauges.hpp"
#include "core/pg/connection.hpp"
#include "core/pg/pool.hpp"
#include "core/pg/transaction.hpp"

namespace settings_api {

// The API's connection pool over heatpump_settings (role settings_app). Blocking: call it
// through core::http::offload.
//
// Database failures become the contract's answers: a server that cannot be reached, or no free
// connection within the acquire timeout, gives 503 {"error":"database unavailable"}; any other
// database error 500 {"error":"internal error"}, with the details only in the log. A pooled
// connection that broke while idle (PostgreSQL restarted) is discarded and the call retried on
// another, so the API recovers without a restart. Exports db_pool_connections{state}.
class SettingsDatabase {
 public:
  SettingsDatabase(std::string conninfo, std::size_t size,
                   std::chrono::milliseconds acquire_timeout, core::metrics::Registry& registry);

  // Reads only: fn may run a second time after a stale connection failed it.
  void read(const std::function<void(core::pg::Connection&)>& fn);
  // fn runs inside a transaction that it commits; it is rolled back when fn throws or returns
  // without committing. Only a BEGIN that fails on a stale connection is retried, so a write is
  // never applied twice. Exceptions of fn other than core::pg::Error (a core::http::Error 404)
  // pass through unchanged.
  void transaction(const std::function<void(core::pg::Transaction&)>& fn);

 private:
  template <typename Attempt>
  void with_connection(const Attempt& attempt);

  core::metrics::PoolGauges gauges_;
  core::pg::Pool pool_;
};

}  // namespace settings_api
