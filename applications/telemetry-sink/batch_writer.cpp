#include "batch_writer.hpp"

#include <libpq-fe.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <thread>

#include "copy_text.hpp"
#include "core/pg/transaction.hpp"

namespace sink {

bool is_data_error(const core::pg::Error& error) {
  return error.sqlstate().starts_with("22") || error.sqlstate().starts_with("23");
}

BatchWriter::BatchWriter(const std::string& conninfo, const TableSpec& table)
    : conn_(conninfo), table_(table.name), staging_("sink_staging_" + std::string(table.name)) {
  std::string list;
  for (const auto& column : table.columns) {
    columns_.emplace_back(column.name);
    list += (list.empty() ? "" : ", ") + conn_.quote_identifier(column.name);
  }
  const auto target = conn_.quote_identifier(table.name);
  const auto staging = conn_.quote_identifier(staging_);
  // Without the raw table's constraints, so that a bad row fails in the INSERT (one statement
  // to bisect) and COPY only checks types. Emptied by every commit, created once per connection.
  conn_.exec_script("CREATE TEMP TABLE " + staging + " ON COMMIT DELETE ROWS AS SELECT " + list +
                    " FROM " + target + " WITH NO DATA");
  // Commits return before the WAL flush unless a batch asks otherwise (Flush::wait), which saves
  // the round trip in the common case of a deferred batch.
  conn_.exec_script("SET synchronous_commit TO off");
  insert_sql_ = "INSERT INTO " + target + " (" + list + ") SELECT " + list + " FROM " + staging +
                " ON CONFLICT DO NOTHING";
}

WriteOutcome BatchWriter::write(std::span<const Row> rows, Flush flush) {
  WriteOutcome outcome;
  if (rows.empty()) {
    return outcome;
  }
  // The session does not wait for flushes (see the constructor); a durable batch asks for it.
  const auto begin = [flush](core::pg::Transaction& transaction) {
    if (flush == Flush::wait) {
      transaction.exec("SET LOCAL synchronous_commit TO on");
    }
  };
  encode(rows);
  bool committed = false;
  // Fast path: COPY straight into the table. A batch holding a row that is already stored
  // (a redelivery after a restart) or a bad row fails as a whole and is written again below
  // through the staging table, which skips duplicates and singles out bad rows.
  try {
    core::pg::Transaction transaction(conn_);
    begin(transaction);
    copy_into(table_);
    outcome.inserted = static_cast<std::int64_t>(rows.size());
    transaction.commit();
    committed = true;
  } catch (const core::pg::Error& e) {
    if (!is_data_error(e)) {
      throw;
    }
    spdlog::debug("{}: direct COPY of {} rows failed ({}), writing through staging", table_,
                  rows.size(), e.what());
  }
  if (!committed) {
    try {
      core::pg::Transaction transaction(conn_);
      begin(transaction);
      outcome.inserted = insert_encoded();
      transaction.commit();
      committed = true;
    } catch (const core::pg::Error& e) {
      if (!is_data_error(e)) {
        throw;
      }
      spdlog::warn("{}: batch of {} rejected ({}), looking for the offending rows", staging_,
                   rows.size(), e.what());
    }
  }
  if (!committed) {
    core::pg::Transaction transaction(conn_);
    begin(transaction);
    bisect(rows, 0, outcome);
    transaction.commit();
  }
  // A synchronous commit flushes the WAL up to its own commit record, and with it every earlier
  // commit, but only if the transaction wrote WAL: one that inserted nothing (all duplicates)
  // did not, and returned without waiting.
  if (flush == Flush::defer) {
    unflushed_ = true;
  } else if (outcome.inserted > 0) {
    unflushed_ = false;
  }
  return outcome;
}

void BatchWriter::await_flush() {
  if (!unflushed_) {
    return;
  }
  // Everything written before this point, including this connection's deferred commits.
  const auto target = conn_.exec("SELECT pg_current_wal_insert_lsn()::text").text(0, 0);
  const std::string lsn(target);
  // The WAL writer flushes within three wal_writer_delay periods (200 ms each by default).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!conn_.exec("SELECT pg_current_wal_flush_lsn() >= $1::pg_lsn", {lsn}).boolean(0, 0)) {
    if (std::chrono::steady_clock::now() > deadline) {
      throw core::pg::Error("the WAL flush did not reach " + lsn + " within 10 s", "");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  unflushed_ = false;
}

void BatchWriter::encode(std::span<const Row> rows) {
  copy_buffer_.clear();
  for (const auto& row : rows) {
    append_copy_line(copy_buffer_, row);
  }
}

void BatchWriter::copy_into(const std::string& table) {
  // CopyWriter::row() takes a fixed parameter list, while the column count here depends on the
  // table; the encoded lines go to libpq directly and the writer only ends the COPY.
  auto copy = conn_.copy_in(table, columns_);
  if (PQputCopyData(conn_.native(), copy_buffer_.data(), static_cast<int>(copy_buffer_.size())) !=
      1) {
    throw core::pg::Error(std::string("COPY failed: ") + PQerrorMessage(conn_.native()), "");
  }
  copy.finish();
}

std::int64_t BatchWriter::insert_encoded() {
  copy_into(staging_);
  return conn_.exec_prepared(insert_sql_).affected();
}

std::int64_t BatchWriter::insert(std::span<const Row> rows) {
  encode(rows);
  return insert_encoded();
}

// Halves the rows until each failing part is a single row. Each part runs under a savepoint, so
// a failure undoes only that part; a part that succeeded empties the staging table for the next.
void BatchWriter::bisect(std::span<const Row> rows, std::size_t first, WriteOutcome& outcome) {
  conn_.exec_script("SAVEPOINT sink_part");
  try {
    outcome.inserted += insert(rows);
    conn_.exec_script("TRUNCATE " + conn_.quote_identifier(staging_) +
                      "; RELEASE SAVEPOINT sink_part");
    return;
  } catch (const core::pg::Error& e) {
    if (!is_data_error(e)) {
      throw;
    }
    conn_.exec_script("ROLLBACK TO SAVEPOINT sink_part; RELEASE SAVEPOINT sink_part");
    if (rows.size() == 1) {
      outcome.rejected.push_back({first, e.what()});
      return;
    }
  }
  const auto half = rows.size() / 2;
  bisect(rows.first(half), first, outcome);
  bisect(rows.subspan(half), first + half, outcome);
}

}  // namespace sink
