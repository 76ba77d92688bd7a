#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/pg/connection.hpp"

namespace core::pg {

class Pool;

// A connection borrowed from the pool; returned (or discarded when broken) on destruction.
class Lease {
 public:
  Lease(Pool& pool, std::unique_ptr<Connection> conn) : pool_(&pool), conn_(std::move(conn)) {}
  Lease(Lease&&) noexcept = default;
  Lease& operator=(Lease&&) noexcept = default;
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease();

  Connection& operator*() const { return *conn_; }
  Connection* operator->() const { return conn_.get(); }

 private:
  Pool* pool_;
  std::unique_ptr<Connection> conn_;
};

// A fixed-size pool of connections, opened lazily. acquire() blocks up to the timeout when every
// connection is in use and throws a transient Error when the server cannot be reached, so callers
// recover without a restart once PostgreSQL is back.
class Pool {
 public:
  Pool(std::string conninfo, std::size_t size, std::chrono::milliseconds acquire_timeout);

  Lease acquire();
  std::size_t size() const { return size_; }

 private:
  friend class Lease;
  void release(std::unique_ptr<Connection> conn);

  std::string conninfo_;
  std::size_t size_;
  std::chrono::milliseconds acquire_timeout_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t open_ = 0;
};

}  // namespace core::pg
