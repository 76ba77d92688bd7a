#include "settings_database.hpp"

#include <spdlog/spdlog.h>

#include <optional>

#include "core/http/error.hpp"

namespace settings_api {
namespace {

using core::http::Status;

// Thrown inside an attempt to ask for another one on a fresh connection.
struct StaleConnection {};

}  // namespace

SettingsDatabase::SettingsDatabase(std::string conninfo, std::size_t size,
                                   std::chrono::milliseconds acquire_timeout,
                                   core::metrics::Registry& registry)
    : gauges_(registry), pool_(std::move(conninfo), size, acquire_timeout) {
  pool_.observe([this](core::pg::PoolUsage usage) { gauges_.set(usage.idle, usage.in_use); });
}

// attempt(connection, fresh) throws StaleConnection to be repeated on another connection; each
// repetition removes one stale connection, so the pool's size bounds them.
template <typename Attempt>
void SettingsDatabase::with_connection(const Attempt& attempt) {
  for (std::size_t tries = 0;; ++tries) {
    try {
      const auto lease = pool_.acquire();
      try {
        attempt(*lease, lease.fresh() || tries >= pool_.size());
        return;
      } catch (const StaleConnection&) {
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

void SettingsDatabase::read(const std::function<void(core::pg::Connection&)>& fn) {
  with_connection([&fn](core::pg::Connection& conn, bool last_chance) {
    try {
      fn(conn);
    } catch (const core::pg::Error&) {
      if (last_chance || conn.healthy()) {
        throw;
      }
      throw StaleConnection{};
    }
  });
}

void SettingsDatabase::transaction(const std::function<void(core::pg::Transaction&)>& fn) {
  with_connection([&fn](core::pg::Connection& conn, bool last_chance) {
    std::optional<core::pg::Transaction> tx;
    try {
      tx.emplace(conn);
    } catch (const core::pg::Error&) {
      if (last_chance || conn.healthy()) {
        throw;
      }
      throw StaleConnection{};
    }
    fn(*tx);
  });
}

}  // namespace settings_api
