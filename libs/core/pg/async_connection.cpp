#include "core/pg/async_connection.hpp"

#include <boost/asio/use_awaitable.hpp>
#include <optional>

namespace core::pg {
namespace {

namespace asio = boost::asio;
using asio::posix::stream_descriptor;

bool succeeded(ExecStatusType status) {
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY;
}

}  // namespace

AsyncConnection::AsyncConnection(const asio::any_io_executor& executor, Connection conn)
    : conn_(std::move(conn)), socket_(executor) {
  // Sending never blocks: what the socket does not take stays in libpq's buffer for complete().
  if (PQsetnonblocking(conn_.native(), 1) != 0) {
    throw conn_.lost();
  }
  socket_.assign(PQsocket(conn_.native()));
}

AsyncConnection::~AsyncConnection() {
  // The reactor forgets the descriptor; PQfinish closes it.
  socket_.release();
}

asio::awaitable<Result> AsyncConnection::statement(std::string_view sql, std::vector<Param> params,
                                                   Mode mode) {
  const auto values = native_values(params);
  if (mode == Mode::unnamed) {
    const std::string text(sql);
    if (PQsendQueryParams(conn_.native(), text.c_str(), static_cast<int>(values.size()), nullptr,
                          values.data(), nullptr, nullptr, 0) == 0) {
      throw conn_.lost();
    }
    co_return co_await complete();
  }
  const auto [name, unprepared] = conn_.statement_name(sql);
  if (unprepared) {
    const std::string text(sql);
    if (PQsendPrepare(conn_.native(), name.c_str(), text.c_str(), 0, nullptr) == 0) {
      throw conn_.lost();
    }
    co_await complete();
    conn_.prepared(sql);
  }
  if (PQsendQueryPrepared(conn_.native(), name.c_str(), static_cast<int>(values.size()),
                          values.data(), nullptr, nullptr, 0) == 0) {
    throw conn_.lost();
  }
  co_return co_await complete();
}

asio::awaitable<void> AsyncConnection::exec_script(std::string_view sql) {
  const std::string text(sql);
  if (PQsendQuery(conn_.native(), text.c_str()) == 0) {
    throw conn_.lost();
  }
  co_await complete();
}

asio::awaitable<Result> AsyncConnection::complete() {
  // Statements are small: the server reads all of one before it answers, so waiting for the
  // socket to take more needs no reading in between.
  for (;;) {
    const int pending = PQflush(conn_.native());
    if (pending == 0) {
      break;
    }
    if (pending < 0) {
      throw conn_.lost();
    }
    co_await socket_.async_wait(stream_descriptor::wait_write, asio::use_awaitable);
  }
  // Every result up to the terminating null; the first one is kept, the first error wins.
  std::optional<Result> first;
  std::optional<Error> failure;
  for (;;) {
    while (PQisBusy(conn_.native()) != 0) {
      co_await socket_.async_wait(stream_descriptor::wait_read, asio::use_awaitable);
      if (PQconsumeInput(conn_.native()) == 0) {
        throw conn_.lost();
      }
    }
    PGresult* r = PQgetResult(conn_.native());
    if (r == nullptr) {
      break;
    }
    Result owned(r);
    if (!succeeded(PQresultStatus(r))) {
      if (!failure) {
        failure = Error::from_result(r, "");
      }
    } else if (!first) {
      first.emplace(std::move(owned));
    }
  }
  if (failure) {
    throw Error(*failure);
  }
  if (!first) {
    throw conn_.lost();
  }
  co_return std::move(*first);
}

}  // namespace core::pg
