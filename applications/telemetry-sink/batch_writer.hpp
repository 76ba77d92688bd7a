#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/pg/connection.hpp"
#include "row_mapping.hpp"
#include "table_columns.hpp"

namespace sink {

struct RejectedRow {
  std::size_t index;    // into the rows given to write()
  std::string message;  // PostgreSQL's error
};

struct WriteOutcome {
  std::int64_t inserted = 0;  // rows the table gained; the rest were duplicates or rejected
  std::vector<RejectedRow> rejected;
};

// How a batch's commit relates to the WAL flush.
enum class Flush {
  wait,   // synchronous commit: durable when write() returns
  defer,  // the commit returns before the flush (synchronous_commit off); see await_flush()
};

// Writes batches of rows into one raw table over its own connection, one transaction per batch:
// COPY straight into the table, and when that fails on a duplicate or a bad row, COPY into a
// temporary staging table and one INSERT ... SELECT ... ON CONFLICT DO NOTHING instead.
// Only raw rows are inserted; in plain mode the table's statement-level triggers maintain the
// hourly base tables from the rows really added, so redelivered rows count once.
class BatchWriter {
 public:
  // Connects and creates the staging table. Throws core::pg::Error.
  BatchWriter(const std::string& conninfo, const TableSpec& table);

  // Rows that PostgreSQL rejects with a data error (SQLSTATE class 22 or 23) are found by
  // bisecting the batch under savepoints and left out; the others are still written in the same
  // transaction. Any other error is thrown, with nothing written.
  WriteOutcome write(std::span<const Row> rows, Flush flush);

  // Waits until every commit made on this connection is flushed to disk: at once when the last
  // one waited for its flush, else until the WAL writer flushed (a few hundred milliseconds).
  void await_flush();

  bool healthy() const { return conn_.healthy(); }

 private:
  void encode(std::span<const Row> rows);          // into copy_buffer_
  void copy_into(const std::string& table);        // copy_buffer_ into a table
  std::int64_t insert_encoded();                   // copy_buffer_ through staging
  std::int64_t insert(std::span<const Row> rows);  // encode() + insert_encoded()
  void bisect(std::span<const Row> rows, std::size_t first, WriteOutcome& outcome);

  core::pg::Connection conn_;
  std::string table_;
  std::string staging_;
  std::vector<std::string> columns_;
  std::string insert_sql_;
  std::string copy_buffer_;
  bool unflushed_ = false;  // a commit on this connection may not be flushed yet
};

// SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation): the row is at
// fault, and retrying it can never succeed.
bool is_data_error(const core::pg::Error& error);

}  // namespace sink
