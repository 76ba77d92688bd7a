#include "core/pg/pool.hpp"

namespace core::pg {

Lease::~Lease() {
  if (conn_) {
    pool_->release(std::move(conn_));
  }
}

Pool::Pool(std::string conninfo, std::size_t size, std::chrono::milliseconds acquire_timeout)
    : conninfo_(std::move(conninfo)), size_(size), acquire_timeout_(acquire_timeout) {}

Lease Pool::acquire() {
  std::unique_lock lock(mutex_);
  if (!available_.wait_for(lock, acquire_timeout_,
                           [this] { return !idle_.empty() || open_ < size_; })) {
    throw Error("no PostgreSQL connection available within the acquire timeout", "53300");
  }
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    publish();
    return {*this, std::move(conn), false};
  }
  ++open_;
  publish();
  lock.unlock();
  try {
    return {*this, std::make_unique<Connection>(conninfo_), true};
  } catch (...) {
    lock.lock();
    --open_;
    publish();
    available_.notify_one();
    throw;
  }
}

void Pool::release(std::unique_ptr<Connection> conn) {
  const std::scoped_lock lock(mutex_);
  // A connection left inside a transaction or broken is closed, never handed out again.
  if (conn->reusable()) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;
  }
  publish();
  available_.notify_one();
}

void Pool::publish() const {
  if (observer_) {
    observer_({idle_.size(), open_ - idle_.size()});
  }
}

}  // namespace core::pg
