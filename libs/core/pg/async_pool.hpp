#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/pg/async_connection.hpp"
#include "core/pg/pool.hpp"

namespace core::pg {

class AsyncPool;

// A connection borrowed from an AsyncPool; given back (or closed when it is not reusable) on
// destruction.
class AsyncLease {
 public:
  AsyncLease(std::shared_ptr<AsyncPool> pool, std::unique_ptr<AsyncConnection> conn, bool fresh)
      : pool_(std::move(pool)), conn_(std::move(conn)), fresh_(fresh) {}
  AsyncLease(AsyncLease&&) noexcept = default;
  AsyncLease& operator=(AsyncLease&&) noexcept = default;
  AsyncLease(const AsyncLease&) = delete;
  AsyncLease& operator=(const AsyncLease&) = delete;
  ~AsyncLease();

  AsyncConnection& operator*() const { return *conn_; }
  AsyncConnection* operator->() const { return conn_.get(); }
  // Whether this acquire opened the connection (see Lease::fresh()).
  bool fresh() const { return fresh_; }

 private:
  std::shared_ptr<AsyncPool> pool_;
  std::unique_ptr<AsyncConnection> conn_;
  bool fresh_;
};

// A fixed-size pool of AsyncConnections, opened lazily, for coroutines on one single-threaded
// io_context: it has no lock. A coroutine that finds every connection in use waits in line, first
// come first served, and gets a transient Error (53300) after the acquire timeout; one that finds
// the server unreachable gets a transient Error, so callers recover once PostgreSQL is back.
// Connecting blocks, so it runs on `connector` (a thread pool) while the io_context goes on.
//
// Create it with std::make_shared: each lease keeps the pool alive. Destroy the last reference
// before the io_context; leases destroyed with the io_context's suspended coroutines are fine.
class AsyncPool : public std::enable_shared_from_this<AsyncPool> {
 public:
  AsyncPool(std::string conninfo, std::size_t size, std::chrono::milliseconds acquire_timeout,
            boost::asio::thread_pool& connector);
  AsyncPool(const AsyncPool&) = delete;
  AsyncPool& operator=(const AsyncPool&) = delete;
  AsyncPool(AsyncPool&&) = delete;
  AsyncPool& operator=(AsyncPool&&) = delete;
  ~AsyncPool() = default;

  boost::asio::awaitable<AsyncLease> acquire();
  std::size_t size() const { return size_; }
  // Called with the new usage whenever a connection is lent, returned or closed.
  void observe(std::function<void(PoolUsage)> observer) { observer_ = std::move(observer); }

 private:
  friend class AsyncLease;
  // A coroutine waiting for a connection: release() hands it one, or the right to open one, and
  // cancels its timer. It leaves the line when it is destroyed, also with a coroutine that never
  // resumed (the io_context was destroyed).
  struct Waiter {
    Waiter(const boost::asio::any_io_executor& executor, std::deque<Waiter*>& queue);
    Waiter(const Waiter&) = delete;
    Waiter& operator=(const Waiter&) = delete;
    Waiter(Waiter&&) = delete;
    Waiter& operator=(Waiter&&) = delete;
    ~Waiter();

    boost::asio::steady_timer timer;
    std::deque<Waiter*>& line;
    std::unique_ptr<AsyncConnection> conn;
    bool may_open = false;
  };

  boost::asio::awaitable<AsyncLease> open();
  void release(std::unique_ptr<AsyncConnection> conn);
  void publish() const;

  std::string conninfo_;
  std::size_t size_;
  std::chrono::milliseconds acquire_timeout_;
  boost::asio::thread_pool& connector_;
  std::vector<std::unique_ptr<AsyncConnection>> idle_;
  std::deque<Waiter*> waiters_;
  std::size_t open_ = 0;
  std::function<void(PoolUsage)> observer_;
};

}  // namespace core::pg
