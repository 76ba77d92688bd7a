#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/pg/error.hpp"

namespace core::pg {

// One query parameter in text form; an empty optional is SQL NULL. Values are always sent
// separately from the SQL text, so there is no way to build a query by string concatenation.
class Param {
 public:
  Param(std::nullptr_t) {}  // NOLINT(google-explicit-constructor)
  Param(std::string_view v) : text_(std::string(v)) {}  // NOLINT(google-explicit-constructor)
  Param(const std::string& v) : text_(v) {}             // NOLINT(google-explicit-constructor)
  Param(const char* v) : text_(std::string(v)) {}       // NOLINT(google-explicit-constructor)
  Param(bool v) : text_(v ? "true" : "false") {}        // NOLINT(google-explicit-constructor)
  Param(double v);                                      // NOLINT(google-explicit-constructor)
  template <std::integral T>
  Param(T v) : text_(std::to_string(v)) {}  // NOLINT(google-explicit-constructor)
  template <typename T>
  Param(const std::optional<T>& v) {  // NOLINT(google-explicit-constructor)
    if (v) {
      text_ = Param(*v).text_;
    }
  }

  const std::optional<std::string>& text() const { return text_; }

 private:
  std::optional<std::string> text_;
};

using Params = std::initializer_list<Param>;

// The parameters as libpq takes them: a pointer per value, null for SQL NULL. Valid while the
// parameters live.
std::vector<const char*> native_values(std::span<const Param> params);

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};

// Owns a PGresult; values are read as text views valid for the Result's lifetime.
class Result {
 public:
  explicit Result(PGresult* r) : result_(r) {}

  int rows() const { return PQntuples(result_.get()); }
  int columns() const { return PQnfields(result_.get()); }
  bool is_null(int row, int col) const { return PQgetisnull(result_.get(), row, col) != 0; }
  std::string_view text(int row, int col) const;
  std::optional<std::string> optional_text(int row, int col) const;
  std::int64_t integer(int row, int col) const;
  double number(int row, int col) const;
  bool boolean(int row, int col) const { return text(row, col) == "t"; }
  // Rows affected by INSERT/UPDATE/DELETE.
  std::int64_t affected() const;

 private:
  std::unique_ptr<PGresult, ResultDeleter> result_;
};

struct Notification {
  std::string channel;
  std::string payload;
};

class CopyWriter;

class Connection {
 public:
  explicit Connection(const std::string& conninfo);
  Connection(Connection&&) noexcept = default;
  Connection& operator=(Connection&&) noexcept = default;
  ~Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // One statement with parameters ($1, $2, ...), extended query protocol.
  Result exec(std::string_view sql, Params params = {});
  // Same, but the statement is prepared once per connection and reused on later calls.
  Result exec_prepared(std::string_view sql, Params params = {});
  // One or more statements without parameters, simple query protocol (scripts, DDL).
  void exec_script(std::string_view sql);
  // COPY <table> (<columns>) FROM STDIN in text format.
  CopyWriter copy_in(std::string_view table, const std::vector<std::string>& columns);

  void listen(std::string_view channel);
  // Waits up to `timeout` for a notification (LISTEN) on this connection.
  std::optional<Notification> wait_notification(std::chrono::milliseconds timeout);

  std::string quote_identifier(std::string_view name) const;
  std::string quote_literal(std::string_view value) const;
  bool healthy() const { return PQstatus(conn_.get()) == CONNECTION_OK; }
  // Connected and not inside a transaction or a statement: fit to be lent again by a pool.
  bool reusable() const { return healthy() && PQtransactionStatus(conn_.get()) == PQTRANS_IDLE; }
  // The name of the prepared statement for sql on this connection (s0, s1, ... in order of first
  // use) and whether it still has to be prepared; call prepared() once it is.
  std::pair<std::string, bool> statement_name(std::string_view sql) const;
  void prepared(std::string_view sql) { prepared_.emplace_back(sql); }
  PGconn* native() const { return conn_.get(); }
  // libpq's last message, without its final newline. It names host and port, never the password.
  std::string error_message() const;
  // The error of a call that failed because the connection did: an empty SQLSTATE (transient).
  Error lost() const { return {"PostgreSQL connection failed: " + error_message(), ""}; }

 private:
  struct ConnDeleter {
    void operator()(PGconn* c) const { PQfinish(c); }
  };
  Result check(PGresult* r, ExecStatusType expected);

  std::unique_ptr<PGconn, ConnDeleter> conn_;
  std::vector<std::string> prepared_;  // SQL text of statements prepared as s0, s1, ...
};

// Streams rows into an open COPY. finish() ends the COPY and returns the row count; destroying
// an unfinished writer aborts the COPY (and with it the surrounding transaction).
class CopyWriter {
 public:
  explicit CopyWriter(PGconn* conn) : conn_(conn) {}
  CopyWriter(CopyWriter&& other) noexcept;
  CopyWriter& operator=(CopyWriter&&) = delete;
  CopyWriter(const CopyWriter&) = delete;
  CopyWriter& operator=(const CopyWriter&) = delete;
  ~CopyWriter();

  void row(Params values);
  std::int64_t finish();

 private:
  void flush();

  PGconn* conn_;
  std::string buffer_;
  bool open_ = true;
};

}  // namespace core::pg
