#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
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
  Lease(Pool& pool, std::unique_ptr<Connection> conn, bool fresh)
      : pool_(&pool), conn_(std::move(conn)), fresh_(fresh) {}
  Lease(Lease&&) noexcept = default;
  Lease& operator=(Lease&&) noexcept = default;
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease();

  Connection& operator*() const { return *conn_; }
  Connection* operator->() const { return conn_.get(); }
  // Whether this acquire opened the connection. A reused connection may have broken while idle
  // (the server restarted), so a failure on it is worth one more try; a fresh one's is not.
  bool fresh() const { return fresh_; }

 private:
  Pool* pool_;
  std::unique_ptr<Connection> conn_;
  bool fresh_;
};

// The pool's connections by state, for the services' db_pool_connections gauges.
struct PoolUsage {
  std::size_t idle = 0;
  std::size_t in_use = 0;
};

// A fixed-size pool of connections, opened lazily. acquire() blocks up to the timeout when every
// connection is in use and throws a transient Error when the server cannot be reached, so callers
// recover without a restart once PostgreSQL is back.
class Pool {
 public:
  Pool(std::string conninfo, std::size_t size, std::chrono::milliseconds acquire_timeout);

  Lease acquire();
  std::size_t size() const { return size_; }
  // Called with the new usage, under the pool's lock, whenever a connection is lent, returned or
  // closed. Set it before the first acquire().
  void observe(std::function<void(PoolUsage)> observer) { observer_ = std::move(observer); }

 private:
  friend class Lease;
  void release(std::unique_ptr<Connection> conn);
  void publish() const;

  std::string conninfo_;
  std::size_t size_;
  std::chrono::milliseconds acquire_timeout_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t open_ = 0;
  std::function<void(PoolUsage)> observer_;
};

}  // namespace core::pg
