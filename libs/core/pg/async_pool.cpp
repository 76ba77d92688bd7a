#include "core/pg/async_pool.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstddef>
#include <utility>

namespace core::pg {

namespace asio = boost::asio;

AsyncLease::~AsyncLease() {
  if (conn_) {
    pool_->release(std::move(conn_));
  }
}

AsyncPool::Waiter::Waiter(const asio::any_io_executor& executor, std::deque<Waiter*>& queue)
    : timer(executor), line(queue) {
  line.push_back(this);
}

AsyncPool::Waiter::~Waiter() {
  std::erase(line, this);
}

AsyncPool::AsyncPool(std::string conninfo, std::size_t size,
                     std::chrono::milliseconds acquire_timeout, asio::thread_pool& connector)
    : conninfo_(std::move(conninfo)),
      size_(size),
      acquire_timeout_(acquire_timeout),
      connector_(connector) {}

asio::awaitable<AsyncLease> AsyncPool::acquire() {
  // The pool outlives every suspended acquire.
  const auto self = shared_from_this();
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    publish();
    co_return AsyncLease(self, std::move(conn), false);
  }
  if (open_ < size_) {
    co_return co_await open();
  }
  Waiter waiter(co_await asio::this_coro::executor, waiters_);
  waiter.timer.expires_after(acquire_timeout_);
  // Ends early (cancelled) when release() served this waiter.
  co_await waiter.timer.async_wait(asio::as_tuple(asio::use_awaitable));
  if (waiter.conn) {
    co_return AsyncLease(self, std::move(waiter.conn), false);
  }
  if (waiter.may_open) {
    co_return co_await open();
  }
  throw Error("no PostgreSQL connection available within the acquire timeout", "53300");
}

asio::awaitable<AsyncLease> AsyncPool::open() {
  ++open_;
  publish();
  try {
    auto conn = co_await asio::co_spawn(
        connector_,
        [this]() -> asio::awaitable<std::unique_ptr<Connection>> {
          co_return std::make_unique<Connection>(conninfo_);
        },
        asio::use_awaitable);
    auto async =
        std::make_unique<AsyncConnection>(co_await asio::this_coro::executor, std::move(*conn));
    co_return AsyncLease(shared_from_this(), std::move(async), true);
  } catch (...) {
    // The slot is free again: the next waiter may try (and likely fail fast the same way).
    release(nullptr);
    throw;
  }
}

void AsyncPool::release(std::unique_ptr<AsyncConnection> conn) {
  // A connection left inside a transaction or broken is closed, never handed out again.
  if (conn && !conn->reusable()) {
    conn.reset();
  }
  if (!waiters_.empty()) {
    Waiter* next = waiters_.front();
    waiters_.pop_front();
    if (conn) {
      next->conn = std::move(conn);
    } else {
      --open_;
      next->may_open = true;
    }
    next->timer.cancel();
  } else if (conn) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;
  }
  publish();
}

void AsyncPool::publish() const {
  if (observer_) {
    observer_({idle_.size(), open_ - idle_.size()});
  }
}

}  // namespace core::pg
