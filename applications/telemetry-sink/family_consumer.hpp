#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

#include "batch_writer.hpp"
#include "core/kafka/consumer.hpp"
#include "dead_letter_writer.hpp"
#include "row_mapping.hpp"
#include "sink_config.hpp"
#include "sink_metrics.hpp"

namespace sink {

// The loop of one table family, on its own thread with its own consumer group member and
// database connection: poll a batch (up to batch_max_records or batch_max_wait), map it, write
// it in one transaction, send its dead letters and wait for them, and commit its offsets only
// once its rows are durable. A batch that cannot be stored is retried with capped exponential
// backoff while the consumer stays paused; nothing is skipped, and redelivery is harmless
// (ON CONFLICT DO NOTHING).
//
// Throughput: while full batches keep coming, their commits do not wait for the WAL flush
// (one fsync per commit would bound the sink to a few hundred commits per second). Their offsets
// wait until a later commit that does wait, at most kMaxDeferredBatches batches later or as soon
// as a batch is not full; should the database fail in between, the deferred batches are written
// again first, as PostgreSQL may have lost them.
class FamilyConsumer {
 public:
  FamilyConsumer(const SinkConfig& config, const FamilyConfig& family, DeadLetterWriter& dlq,
                 FamilyMetrics metrics);

  // Runs until `stop` is requested: the batch in hand is finished and committed first, unless
  // the database is unreachable, in which case it stays uncommitted and is redelivered later.
  // Leaves the consumer group on return. Throws what the sink cannot recover from (a missing
  // topic, a fatal consumer error).
  void run(const std::stop_token& stop);

  static constexpr std::size_t kMaxDeferredBatches = 8;

 private:
  struct MappedBatch {
    std::vector<Row> rows;
    std::vector<std::size_t> row_records;  // index of each row's record in the batch
    std::vector<DeadLetter> rejected;      // found while mapping
    std::size_t skipped = 0;
    std::chrono::system_clock::time_point received_at;
  };

  // Per (topic, partition), the offset after the last record taken care of.
  using Positions = std::map<std::pair<std::string, std::int32_t>, std::int64_t>;

  // Written with Flush::defer; its offsets wait for a durable commit.
  struct DeferredBatch {
    std::vector<Row> rows;  // the stored rows, to write again should the database lose them
    Positions positions;
    std::size_t records = 0;
    std::chrono::system_clock::time_point oldest;  // Kafka timestamp of the oldest record
  };

  std::vector<core::kafka::Message> next_batch();
  MappedBatch map_batch(const std::vector<core::kafka::Message>& batch);
  void store(const std::vector<core::kafka::Message>& batch, const std::stop_token& stop);
  void write(const std::vector<core::kafka::Message>& batch, MappedBatch& mapped, Flush flush);
  BatchWriter& writer();
  void commit(const Positions& positions, std::chrono::system_clock::time_point oldest);
  bool wait_paused(std::chrono::milliseconds delay, const std::stop_token& stop);
  void set_paused(bool paused);

  const SinkConfig& config_;
  const FamilyConfig& family_;
  DeadLetterWriter& dlq_;
  FamilyMetrics metrics_;
  std::string log_name_;
  core::kafka::Consumer consumer_;
  RowMapper mapper_;
  std::unique_ptr<BatchWriter> writer_;  // null until connected, and after a failure
  std::vector<DeferredBatch> deferred_;
  // Records that arrived while paused; they lead the next batch.
  std::vector<core::kafka::Message> carried_;
};

}  // namespace sink
