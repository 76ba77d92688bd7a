#include "telemetry_database.hpp"

#include <spdlog/spdlog.h>

#include <optional>

#include "core/http/error.hpp"

namespace homelab_api {
namespace {

namespace asio = boost::asio;
using core::http::Status;

// Refuses a new connection whose sessions are not read-only, whatever the conninfo said.
asio::awaitable<void> check_read_only(core::pg::AsyncConnection& conn) {
  const auto result = co_await conn.exec("SELECT current_setting('default_transaction_read_only')");
  if (result.text(0, 0) != "on") {
    // The pool closes a connection returned inside a transaction, so this one is never reused.
    co_await conn.exec_script("BEGIN");
    throw core::pg::Error("refusing a database session that is not read-only", "25000");
  }
}

}  // namespace

TelemetryDatabase::TelemetryDatabase(std::string conninfo, std::size_t size,
                                     std::chrono::milliseconds acquire_timeout,
                                     asio::thread_pool& connector,
                                     core::metrics::Registry& registry)
    : gauges_(registry),
      pool_(std::make_shared<core::pg::AsyncPool>(std::move(conninfo), size, acquire_timeout,
                                                  connector)) {
  pool_->observe([this](core::pg::PoolUsage usage) { gauges_.set(usage.idle, usage.in_use); });
}

TelemetryDatabase::~TelemetryDatabase() {
  // Leases given back later must not reach the gauges of this object.
  pool_->observe(nullptr);
}

asio::awaitable<void> TelemetryDatabase::run(Work work) {
  // A connection that is reused and turns out broken is dropped and the call repeated; each
  // repetition removes one stale connection, so the pool's size bounds the attempts.
  for (std::size_t attempt = 0;; ++attempt) {
    try {
      const auto lease = co_await pool_->acquire();
      if (lease.fresh()) {
        co_await check_read_only(*lease);
      }
      try {
        co_await work(*lease);
        co_return;
      } catch (const core::pg::Error&) {
        if (lease.fresh() || lease->healthy() || attempt >= pool_->size()) {
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

asio::awaitable<core::pg::Result> TelemetryDatabase::query_params(
    std::string_view sql, std::vector<core::pg::Param> params) {
  std::optional<core::pg::Result> result;
  co_await run([&](core::pg::AsyncConnection& conn) -> asio::awaitable<void> {
    result.emplace(co_await conn.statement(sql, params, core::pg::AsyncConnection::Mode::prepared));
  });
  co_return std::move(*result);
}

}  // namespace homelab_api
