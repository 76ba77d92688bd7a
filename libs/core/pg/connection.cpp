#include "core/pg/connection.hpp"

#include <poll.h>

#include <array>
#include <charconv>
#include <stdexcept>

namespace core::pg {

std::vector<const char*> native_values(std::span<const Param> params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) {
    values.push_back(p.text() ? p.text()->c_str() : nullptr);
  }
  return values;
}

Param::Param(double v) {
  std::array<char, 32> buf{};
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  text_ = std::string(buf.data(), end);
}

std::string_view Result::text(int row, int col) const {
  return {PQgetvalue(result_.get(), row, col),
          static_cast<std::size_t>(PQgetlength(result_.get(), row, col))};
}

std::optional<std::string> Result::optional_text(int row, int col) const {
  if (is_null(row, col)) {
    return std::nullopt;
  }
  return std::string(text(row, col));
}

std::int64_t Result::integer(int row, int col) const {
  const auto t = text(row, col);
  std::int64_t value = 0;
  const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
  if (ec != std::errc() || ptr != t.data() + t.size()) {
    throw std::runtime_error("column " + std::string(PQfname(result_.get(), col)) +
                             " is not an integer: '" + std::string(t) + "'");
  }
  return value;
}

double Result::number(int row, int col) const {
  const auto t = text(row, col);
  double value = 0;
  const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
  if (ec != std::errc() || ptr != t.data() + t.size()) {
    throw std::runtime_error("column " + std::string(PQfname(result_.get(), col)) +
                             " is not a number: '" + std::string(t) + "'");
  }
  return value;
}

std::int64_t Result::affected() const {
  const std::string_view tuples = PQcmdTuples(result_.get());
  std::int64_t value = 0;
  std::from_chars(tuples.data(), tuples.data() + tuples.size(), value);
  return value;
}

Connection::Connection(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
  if (!conn_) {
    throw Error("cannot allocate a PostgreSQL connection", "");
  }
  if (PQstatus(conn_.get()) != CONNECTION_OK) {
    throw Error("cannot connect to PostgreSQL: " + error_message(), "08001");
  }
}

std::string Connection::error_message() const {
  std::string message = PQerrorMessage(conn_.get());
  while (!message.empty() && message.back() == '\n') {
    message.pop_back();
  }
  return message;
}

Result Connection::check(PGresult* r, ExecStatusType expected) {
  Result result(r);
  if (r == nullptr) {
    throw lost();
  }
  if (PQresultStatus(r) != expected && !(expected == PGRES_TUPLES_OK &&
                                          PQresultStatus(r) == PGRES_COMMAND_OK)) {
    throw Error::from_result(r, "");
  }
  return result;
}

Result Connection::exec(std::string_view sql, Params params) {
  const auto values = native_values(params);
  const std::string text(sql);
  return check(PQexecParams(conn_.get(), text.c_str(), static_cast<int>(values.size()), nullptr,
                            values.data(), nullptr, nullptr, 0), PGRES_TUPLES_OK);
}

std::pair<std::string, bool> Connection::statement_name(std::string_view sql) const {
  std::size_t index = 0;
  while (index < prepared_.size() && prepared_[index] != sql) {
    ++index;
  }
  return {"s" + std::to_string(index), index == prepared_.size()};
}

Result Connection::exec_prepared(std::string_view sql, Params params) {
  const auto [name, unprepared] = statement_name(sql);
  if (unprepared) {
    const std::string text(sql);
    check(PQprepare(conn_.get(), name.c_str(), text.c_str(), 0, nullptr), PGRES_COMMAND_OK);
    prepared(sql);
  }
  const auto values = native_values(params);
  return check(PQexecPrepared(conn_.get(), name.c_str(), static_cast<int>(values.size()),
                              values.data(), nullptr, nullptr, 0), PGRES_TUPLES_OK);
}

void Connection::exec_script(std::string_view sql) {
  const std::string text(sql);
  if (PQsendQuery(conn_.get(), text.c_str()) == 0) {
    throw lost();
  }
  // Drain every result; the first error wins (the server stops the script there).
  std::optional<Error> failure;
  while (PGresult* r = PQgetResult(conn_.get())) {
    const Result owned(r);
    const auto status = PQresultStatus(r);
    if (!failure && status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK &&
        status != PGRES_EMPTY_QUERY) {
      failure = Error::from_result(r, "");
    }
  }
  if (failure) {
    throw Error(*failure);
  }
}

CopyWriter Connection::copy_in(std::string_view table, const std::vector<std::string>& columns) {
  std::string sql = "COPY " + quote_identifier(table) + " (";
  for (std::size_t i = 0; i < columns.size(); ++i) {
    sql += (i == 0 ? "" : ", ") + quote_identifier(columns[i]);
  }
  sql += ") FROM STDIN";
  check(PQexec(conn_.get(), sql.c_str()), PGRES_COPY_IN);
  return CopyWriter(conn_.get());
}

void Connection::listen(std::string_view channel) {
  exec_script("LISTEN " + quote_identifier(channel));
}

std::optional<Notification> Connection::wait_notification(std::chrono::milliseconds timeout) {
  const auto take = [this]() -> std::optional<Notification> {
    PGnotify* n = PQnotifies(conn_.get());
    if (n == nullptr) {
      return std::nullopt;
    }
    Notification out{n->relname, n->extra};
    PQfreemem(n);
    return out;
  };
  if (auto n = take()) {
    return n;
  }
  pollfd fd{PQsocket(conn_.get()), POLLIN, 0};
  const int ready = ::poll(&fd, 1, static_cast<int>(timeout.count()));
  if (ready < 0) {
    return std::nullopt;
  }
  if (ready > 0 && PQconsumeInput(conn_.get()) == 0) {
    throw lost();
  }
  return take();
}

std::string Connection::quote_identifier(std::string_view name) const {
  char* quoted = PQescapeIdentifier(conn_.get(), name.data(), name.size());
  if (quoted == nullptr) {
    throw Error("cannot quote identifier", "22000");
  }
  std::string out(quoted);
  PQfreemem(quoted);
  return out;
}

std::string Connection::quote_literal(std::string_view value) const {
  char* quoted = PQescapeLiteral(conn_.get(), value.data(), value.size());
  if (quoted == nullptr) {
    throw Error("cannot quote literal", "22000");
  }
  std::string out(quoted);
  PQfreemem(quoted);
  return out;
}

CopyWriter::CopyWriter(CopyWriter&& other) noexcept
    : conn_(other.conn_), buffer_(std::move(other.buffer_)), open_(other.open_) {
  other.open_ = false;
}

CopyWriter::~CopyWriter() {
  if (open_) {
    PQputCopyEnd(conn_, "copy abandoned");
    while (PGresult* r = PQgetResult(conn_)) {
      PQclear(r);
    }
  }
}

// Text COPY format: tab-separated, \N for NULL, backslash escapes for the control characters.
void CopyWriter::row(Params values) {
  bool first = true;
  for (const auto& v : values) {
    if (!first) {
      buffer_.push_back('\t');
    }
    first = false;
    if (!v.text()) {
      buffer_ += "\\N";
      continue;
    }
    for (const char c : *v.text()) {
      switch (c) {
        case '\\': buffer_ += "\\\\"; break;
        case '\t': buffer_ += "\\t"; break;
        case '\n': buffer_ += "\\n"; break;
        case '\r': buffer_ += "\\r"; break;
        default: buffer_.push_back(c);
      }
    }
  }
  buffer_.push_back('\n');
  if (buffer_.size() > std::size_t{64} * 1024) {
    flush();
  }
}

void CopyWriter::flush() {
  if (!buffer_.empty() &&
      PQputCopyData(conn_, buffer_.data(), static_cast<int>(buffer_.size())) != 1) {
    throw Error(std::string("COPY failed: ") + PQerrorMessage(conn_), "");
  }
  buffer_.clear();
}

std::int64_t CopyWriter::finish() {
  flush();
  open_ = false;
  if (PQputCopyEnd(conn_, nullptr) != 1) {
    throw Error(std::string("COPY failed: ") + PQerrorMessage(conn_), "");
  }
  std::optional<Error> failure;
  std::int64_t rows = 0;
  while (PGresult* r = PQgetResult(conn_)) {
    const Result owned(r);
    if (PQresultStatus(r) == PGRES_COMMAND_OK) {
      rows = owned.affected();
    } else if (!failure) {
      failure = Error::from_result(r, "COPY");
    }
  }
  if (failure) {
    throw Error(*failure);
  }
  return rows;
}

}  // namespace core::pg
