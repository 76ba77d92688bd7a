#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/pg/connection.hpp"

namespace core::pg {

// A Connection driven by an Asio executor: a statement is sent without blocking and the calling
// coroutine is suspended until the server's answer is on the socket, so the thread that serves
// HTTP also serves the database and no request is handed to another thread and back.
//
// One statement at a time: use it from one coroutine. Co_await each call in the expression that
// makes it; sql and params are read while the coroutine runs. Failures throw Error as Connection's
// do (an empty SQLSTATE when the connection was lost). Not thread-safe; destroy it before the
// io_context whose executor it was given.
class AsyncConnection {
 public:
  AsyncConnection(const boost::asio::any_io_executor& executor, Connection conn);
  AsyncConnection(const AsyncConnection&) = delete;
  AsyncConnection& operator=(const AsyncConnection&) = delete;
  AsyncConnection(AsyncConnection&&) = delete;
  AsyncConnection& operator=(AsyncConnection&&) = delete;
  ~AsyncConnection();

  enum class Mode { unnamed, prepared };

  // One statement with parameters ($1, $2, ... from args, each converted to a Param), extended
  // query protocol. The parameters are arguments rather than an initializer list because GCC 12
  // cannot keep a braced list's array alive across co_await.
  template <typename... Args>
  boost::asio::awaitable<Result> exec(std::string_view sql, const Args&... args) {
    return statement(sql, {Param(args)...}, Mode::unnamed);
  }
  // Same, prepared once per connection and reused on later calls.
  template <typename... Args>
  boost::asio::awaitable<Result> exec_prepared(std::string_view sql, const Args&... args) {
    return statement(sql, {Param(args)...}, Mode::prepared);
  }
  // exec() or exec_prepared() with the parameters already in a vector.
  boost::asio::awaitable<Result> statement(std::string_view sql, std::vector<Param> params,
                                           Mode mode);
  // One or more statements without parameters; the first error wins.
  boost::asio::awaitable<void> exec_script(std::string_view sql);

  bool reusable() const { return conn_.reusable(); }
  bool healthy() const { return conn_.healthy(); }

 private:
  // Sends what libpq buffered, then reads every result of the command.
  boost::asio::awaitable<Result> complete();

  Connection conn_;
  // libpq's socket, watched by the executor's reactor; released, never closed, by this object.
  boost::asio::posix::stream_descriptor socket_;
};

}  // namespace core::pg
