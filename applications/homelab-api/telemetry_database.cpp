#include "telemetry_database.hpp"

#include <spdlog/spdlog.h>

#include "core/http/error.hpp"

namespace homelab_api {
namespace {

using core::http::Status;

// What core::pg::Pool does with a returned connection: keeps it when it is healthy and outside a
// transaction, closes it otherwise.
bool pool_keeps(const core::pg::Connection& conn) {
  return conn.healthy() && PQtransactionStatus(conn.native()) == PQTRANS_IDLE;
}

}  // namespace

// Counts a lease for the pool metrics and tells whether its connection is new. Declared after
// the lease it describes, so it is destroyed (and counts the return) before the lease returns
// the connection.
class TelemetryDatabase::Borrowed {
 public:
  Borrowed(TelemetryDatabase& db, const core::pg::Connection& conn) : db_(db), conn_(conn) {
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
  TelemetryDatabase& db_;
  const core::pg::Connection& conn_;
  bool fresh_ = false;
};

TelemetryDatabase::TelemetryDatabase(std::string conninfo, std::size_t size,
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

void TelemetryDatabase::run(const std::function<void(core::pg::Connection&)>& fn) {
  // A connection that is reused and turns out broken is dropped and the call repeated; each
  // repetition removes one stale connection, so the pool's size bounds the attempts.
  for (std::size_t attempt = 0;; ++attempt) {
    try {
      const auto lease = pool_.acquire();
      const Borrowed borrowed(*this, *lease);
      if (borrowed.fresh()) {
        check_read_only(*lease);
      }
      try {
        fn(*lease);
        return;
      } catch (const core::pg::Error&) {
        if (borrowed.fresh() || lease->healthy() || attempt >= pool_.size()) {
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

void TelemetryDatabase::publish() {
  idle_.Set(static_cast<double>(open_.size() - borrowed_));
  in_use_.Set(static_cast<double>(borrowed_));
}

}  // namespace homelab_api
