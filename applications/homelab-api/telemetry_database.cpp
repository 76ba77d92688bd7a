#include "telemetry_database.hpp"

#include <spdlog/spdlog.h>

#include "core/http/error.hpp"

namespace homelab_api {
namespace {

using core::http::Status;

}  // namespace

TelemetryDatabase::TelemetryDatabase(std::string conninfo, std::size_t size,
                                     std::chrono::milliseconds acquire_timeout,
                                     core::metrics::Registry& registry)
    : gauges_(registry), pool_(std::move(conninfo), size, acquire_timeout) {
  pool_.observe([this](core::pg::PoolUsage usage) { gauges_.set(usage.idle, usage.in_use); });
}

void TelemetryDatabase::run(const std::function<void(core::pg::Connection&)>& fn) {
  // A connection that is reused and turns out broken is dropped and the call repeated; each
  // repetition removes one stale connection, so the pool's size bounds the attempts.
  for (std::size_t attempt = 0;; ++attempt) {
    try {
      const auto lease = pool_.acquire();
      if (lease.fresh()) {
        check_read_only(*lease);
      }
      try {
        fn(*lease);
        return;
      } catch (const core::pg::Error&) {
        if (lease.fresh() || lease->healthy() || attempt >= pool_.size()) {
          throw;
        }
        spdlog::info("database: dropped a pooled connection that was closed while idle");
      }
    } catch (const core::pg::Error& e) {
      if (e.transient()) {
        spdlog::warn("database unavailable: {}", e.what());
        throw core::http::Error(Status::service_unavailable, "database unavailable");
      }
      spdlog::error("database error {}: {}", e.sqlstate(), e.what());
      throw core::http::Error(Status::internal_server_error, "internal error");
    }
  }
}

void TelemetryDatabase::check_read_only(core::pg::Connection& conn) {
  const auto result = conn.exec("SELECT current_setting('default_transaction_read_only')");
  if (result.text(0, 0) != "on") {
    // The pool closes a connection returned inside a transaction, so this one is never reused.
    conn.exec_script("BEGIN");
    throw core::pg::Error("refusing a database session that is not read-only", "25000");
  }
}

}  // namespace homelab_api
