#include "settings_database.hpp"

#include <spdlog/spdlog.h>

#include <optional>

#include "core/http/error.hpp"

namespace settings_api {
namespace {

using core::http::Status;

// What core::pg::Pool does with a returned connection: keeps it when it is healthy and outside a
// transaction, closes it otherwise.
bool pool_keeps(const core::pg::Connection& conn) {
  return conn.healthy() && PQtransactionStatus(conn.native()) == PQTRANS_IDLE;
}

// Thrown inside an attempt to ask for another one on a fresh connection.
struct StaleConnection {};

}  // namespace

// Counts a lease for the pool metrics and tells whether its connection is new.
class SettingsDatabase::Borrowed {
 public:
  Borrowed(SettingsDatabase& db, const core::pg::Connection& conn) : db_(db), conn_(conn) {
    const std::scoped_lock lock(db_.mutex_);
    fresh_ = db_.open_.insert(&conn_).second;
    ++db_.borrowed_;
    db_.publish();
  }
  Borrowed(const Borrowed&) = delete;
  Borrowed& operator=(const Borrowed&) = delete;
  Borrowed(Borrowed&&) = delete;
  Borrowed& operator=(Borrowed&&) = delete;
  ~Borrowed() {
    const std::scoped_lock lock(db_.mutex_);
    if (!pool_keeps(conn_)) {
      db_.open_.erase(&conn_);
    }
    --db_.borrowed_;
    db_.publish();
  }

  bool fresh() const { return fresh_; }

 private:
  SettingsDatabase& db_;
  const core::pg::Connection& conn_;
  bool fresh_ = false;
};

SettingsDatabase::SettingsDatabase(std::string conninfo, std::size_t size,
                                   std::chrono::milliseconds acquire_timeout,
                                   core::metrics::Registry& registry)
    : pool_(std::move(conninfo), size, acquire_timeout),
      idle_(prometheus::BuildGauge()
                .Name("db_pool_connections")
                .Help("Open connections of the database pool, by state")
                .Register(registry)
                .Add({{"state", "idle"}})),
      in_use_(prometheus::BuildGauge()
                  .Name("db_pool_connections")
                  .Register(registry)
                  .Add({{"state", "in_use"}})) {}

// attempt(connection, fresh) throws StaleConnection to be repeated on another connection; each
// repetition removes one stale connection, so the pool's size bounds them.
template <typename Attempt>
void SettingsDatabase::with_connection(const Attempt& attempt) {
  for (std::size_t tries = 0;; ++tries) {
    try {
      const auto lease = pool_.acquire();
      const Borrowed borrowed(*this, *lease);
      try {
        attempt(*lease, borrowed.fresh() || tries >= pool_.size());
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

void SettingsDatabase::publish() {
  idle_.Set(static_cast<double>(open_.size() - borrowed_));
  in_use_.Set(static_cast<double>(borrowed_));
}

}  // namespace settings_api
