// AsyncPool and AsyncConnection against the stack's PostgreSQL: statements of many coroutines on
// one thread share a few connections, failures keep their SQLSTATE, broken connections are
// replaced and a caller that finds no free connection gives up after the acquire timeout.
#include "core/pg/async_pool.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "testing/temp_database.hpp"

namespace core::pg {
namespace {

namespace asio = boost::asio;
using asio::awaitable;
using namespace std::chrono_literals;

class AsyncPoolTest : public ::testing::Test {
 protected:
  std::shared_ptr<AsyncPool> make_pool(std::size_t size, std::chrono::milliseconds timeout,
                                       const std::string& conninfo = {}) {
    auto pool = std::make_shared<AsyncPool>(conninfo.empty() ? db_.conninfo() : conninfo, size,
                                            timeout, connector_);
    pool->observe(
        [this](PoolUsage usage) { max_open_ = std::max(max_open_, usage.idle + usage.in_use); });
    return pool;
  }

  // Runs the coroutine to completion on io_ (this thread) and returns its result or rethrows.
  template <typename T>
  T run(awaitable<T> work) {
    auto result = asio::co_spawn(io_, std::move(work), asio::use_future);
    io_.restart();
    io_.run();
    return result.get();
  }

  testing_support::TempDatabase db_{"async_pool_test"};
  asio::io_context io_;
  asio::thread_pool connector_{1};
  std::size_t max_open_ = 0;
};

awaitable<std::int64_t> add_one(std::shared_ptr<AsyncPool> pool, int value) {
  const auto lease = co_await pool->acquire();
  const auto result = co_await lease->exec_prepared("SELECT $1::int + 1", value);
  co_return result.integer(0, 0);
}

awaitable<void> store_add_one(std::shared_ptr<AsyncPool> pool, int value,
                              std::optional<std::int64_t>& out) {
  out = co_await add_one(std::move(pool), value);
}

TEST_F(AsyncPoolTest, ManyCoroutinesShareTwoConnectionsOnOneThread) {
  auto pool = make_pool(2, 5s);
  std::vector<std::optional<std::int64_t>> results(50);
  for (std::size_t i = 0; i < results.size(); ++i) {
    asio::co_spawn(io_, store_add_one(pool, static_cast<int>(i), results[i]), asio::detached);
  }
  io_.run();
  for (std::size_t i = 0; i < results.size(); ++i) {
    ASSERT_TRUE(results[i].has_value()) << i;
    EXPECT_EQ(*results[i], static_cast<std::int64_t>(i) + 1);
  }
  EXPECT_EQ(max_open_, 2U);
}

TEST_F(AsyncPoolTest, FailuresKeepTheirSqlstateAndTheConnectionGoesOn) {
  auto pool = make_pool(1, 5s);
  const auto states = run([](std::shared_ptr<AsyncPool> p) -> awaitable<std::vector<std::string>> {
    std::vector<std::string> out;
    const auto lease = co_await p->acquire();
    for (const auto* sql : {"SELECT 1/0", "SELECT 1; SELECT * FROM missing_table; SELECT 2"}) {
      try {
        co_await lease->exec_script(sql);
        out.emplace_back("ok");
      } catch (const Error& e) {
        out.push_back(e.sqlstate());
      }
    }
    try {
      co_await lease->exec_prepared("SELECT $1::int", "not a number");
    } catch (const Error& e) {
      out.push_back(e.sqlstate());
    }
    out.emplace_back((co_await lease->exec("SELECT $1::text", "still usable")).text(0, 0));
    out.push_back(lease->reusable() ? "reusable" : "not reusable");
    co_return out;
  }(pool));
  EXPECT_EQ(states,
            (std::vector<std::string>{"22012", "42P01", "22P02", "still usable", "reusable"}));
}

TEST_F(AsyncPoolTest, AConnectionWhoseBackendWasTerminatedIsReplaced) {
  auto pool = make_pool(1, 5s);
  Connection admin(db_.conninfo());
  const auto outcome = run([](std::shared_ptr<AsyncPool> p,
                              Connection& terminator) -> awaitable<std::vector<std::string>> {
    std::vector<std::string> out;
    {
      const auto lease = co_await p->acquire();
      const auto pid = (co_await lease->exec("SELECT pg_backend_pid()")).integer(0, 0);
      terminator.exec("SELECT pg_terminate_backend($1)", {pid});
      std::optional<Error> failure;
      try {
        co_await lease->exec_prepared("SELECT 1");
      } catch (const Error& e) {
        failure = e;
      }
      out.push_back(failure && failure->transient() ? "transient failure" : "no failure");
      out.push_back(lease->healthy() ? "healthy" : "broken");
    }
    const auto lease = co_await p->acquire();
    out.push_back(lease.fresh() ? "fresh" : "reused");
    out.emplace_back((co_await lease->exec("SELECT 'answered'")).text(0, 0));
    co_return out;
  }(pool, admin));
  EXPECT_EQ(outcome,
            (std::vector<std::string>{"transient failure", "broken", "fresh", "answered"}));
}

TEST_F(AsyncPoolTest, WaitersAreServedInOrderOrGiveUpAfterTheTimeout) {
  auto pool = make_pool(1, 300ms);
  std::vector<std::string> events;
  const auto wait_for = [](std::shared_ptr<AsyncPool> p, std::string name,
                           std::vector<std::string>& log) -> awaitable<void> {
    const auto started = std::chrono::steady_clock::now();
    try {
      const auto lease = co_await p->acquire();
      log.push_back(name + " served");
    } catch (const Error& e) {
      const auto waited = std::chrono::steady_clock::now() - started;
      log.push_back(name + " " + e.sqlstate() +
                    (waited >= 290ms ? " after the timeout" : " early"));
    }
  };
  run([](std::shared_ptr<AsyncPool> p, std::vector<std::string>& log,
         decltype(wait_for) waiter) -> awaitable<void> {
    auto executor = co_await asio::this_coro::executor;
    {
      const auto lease = co_await p->acquire();
      asio::co_spawn(executor, waiter(p, "first", log), asio::detached);
      asio::co_spawn(executor, waiter(p, "second", log), asio::detached);
      asio::steady_timer pause(executor, 100ms);
      co_await pause.async_wait(asio::use_awaitable);
      log.emplace_back("released");
    }
    // The second waiter is served right after the first returned the connection.
    asio::steady_timer pause(executor, 50ms);
    co_await pause.async_wait(asio::use_awaitable);
    // A holder that keeps the connection past the timeout leaves the next waiter without one.
    const auto lease = co_await p->acquire();
    asio::co_spawn(executor, waiter(p, "third", log), asio::detached);
    asio::steady_timer hold(executor, 500ms);
    co_await hold.async_wait(asio::use_awaitable);
  }(pool, events, wait_for));
  EXPECT_EQ(events, (std::vector<std::string>{"released", "first served", "second served",
                                              "third 53300 after the timeout"}));
}

TEST_F(AsyncPoolTest, AnUnreachableServerIsATransientErrorEveryTime) {
  // Port 1 on loopback refuses at once; each attempt fails itself instead of waiting for a slot.
  auto pool = make_pool(1, 5s, "host=127.0.0.1 port=1 connect_timeout=2");
  for (int attempt = 0; attempt < 2; ++attempt) {
    const auto started = std::chrono::steady_clock::now();
    try {
      run([](std::shared_ptr<AsyncPool> p) -> awaitable<void> { co_await p->acquire(); }(pool));
      ADD_FAILURE() << "connected to a closed port";
    } catch (const Error& e) {
      EXPECT_TRUE(e.transient()) << e.what();
    }
    EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
  }
}

}  // namespace
}  // namespace core::pg
