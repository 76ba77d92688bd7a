#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <optional>
#include <type_traits>
#include <utility>

namespace core::http {

// Runs a blocking call (libpq, a file) on the pool and resumes the calling coroutine on its own
// executor with the result, so the io_context threads never block. An exception thrown by fn is
// rethrown in the caller.
template <typename F, typename R = std::invoke_result_t<F&>>
boost::asio::awaitable<R> offload(boost::asio::thread_pool& pool, F fn) {
  using boost::asio::awaitable;
  // fn lives in this coroutine's frame, which stays suspended until the pool is done with it.
  if constexpr (std::is_void_v<R>) {
    co_await boost::asio::co_spawn(
        pool,
        [&fn]() -> awaitable<void> {
          fn();
          co_return;
        },
        boost::asio::use_awaitable);
  } else {
    // co_spawn needs a default-constructible result; R need not be one.
    auto result = co_await boost::asio::co_spawn(
        pool, [&fn]() -> awaitable<std::optional<R>> { co_return fn(); },
        boost::asio::use_awaitable);
    co_return std::move(*result);
  }
}

}  // namespace core::http
