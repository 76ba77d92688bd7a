#include "family_consumer.hpp"

#include <malloc.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <iterator>

#include "backoff.hpp"
#include "core/kafka/error.hpp"

namespace sink {
namespace {

using Clock = std::chrono::system_clock;

// The poll slice while paused: short enough to notice a stop request promptly.
constexpr std::chrono::milliseconds kPausedPoll{200};

core::kafka::Settings consumer_settings(const SinkConfig& config, const FamilyConfig& family) {
  core::kafka::Settings settings = {
      {"bootstrap.servers", config.kafka_bootstrap_servers},
      {"group.id", family.group_id},
      {"client.id", "telemetry-sink-" + std::string(family.spec->name)},
      {"auto.offset.reset", "earliest"},
      {"session.timeout.ms", std::to_string(config.kafka_session_timeout.count())},
      // librdkafka prefetches up to 64 MiB per consumer by default; the byte bound replaces it
      // and the record-count bound is kept out of its way.
      {"queued.max.messages.kbytes", std::to_string(family.prefetch_kbytes)},
      {"queued.min.messages", "1000000"},
  };
  if (family.fetch_wakeup.count() > 0) {
    // See FamilyConfig: the refresh is what wakes the fetcher once the application has drained
    // a full prefetch queue.
    settings["topic.metadata.refresh.interval.ms"] = std::to_string(family.fetch_wakeup.count());
  }
  return settings;
}

// A dependency that is down (database or broker unreachable, serialization failure, deadlock),
// as opposed to an error that needs an operator (a missing privilege, an unmigrated database).
bool outage(const std::exception& error) {
  if (const auto* pg = dynamic_cast<const core::pg::Error*>(&error)) {
    return pg->transient();
  }
  return dynamic_cast<const core::kafka::Error*>(&error) != nullptr;
}

Clock::time_point oldest_timestamp(const std::vector<core::kafka::Message>& batch) {
  Clock::time_point oldest = Clock::time_point::max();
  for (const auto& m : batch) {
    oldest = std::min(oldest, m.timestamp);
  }
  return oldest;
}

double seconds_since_epoch(Clock::time_point t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

}  // namespace

FamilyConsumer::FamilyConsumer(const SinkConfig& config, const FamilyConfig& family,
                               DeadLetterWriter& dlq, FamilyMetrics metrics)
    : config_(config),
      family_(family),
      dlq_(dlq),
      metrics_(metrics),
      log_name_(std::string(family.spec->name) + " (" + family.topic + " -> " +
                std::string(family.spec->table.name) + ")"),
      consumer_(consumer_settings(config, family)),
      mapper_(family.spec->table) {}

void FamilyConsumer::run(const std::stop_token& stop) {
  consumer_.subscribe({family_.topic});
  spdlog::info("{}: consuming as group {}", log_name_, family_.group_id);
  bool busy = false;
  while (!stop.stop_requested()) {
    const auto batch = next_batch();
    // An empty batch still settles deferred batches: nothing more is coming for now.
    if (!batch.empty() || !deferred_.empty()) {
      store(batch, stop);
    }
    if (busy && batch.empty()) {
      // Back to idle after a burst: glibc keeps freed memory in its arenas until asked to
      // return it, which would leave the resident size at the burst's high-water mark.
      malloc_trim(0);
    }
    busy = !batch.empty();
  }
  if (!deferred_.empty()) {
    store({}, stop);
  }
  consumer_.close();
  spdlog::info("{}: stopped", log_name_);
}

std::vector<core::kafka::Message> FamilyConsumer::next_batch() {
  auto batch = std::move(carried_);
  carried_.clear();
  if (batch.size() < config_.batch_max_records) {
    auto polled =
        consumer_.poll_batch(config_.batch_max_records - batch.size(), config_.batch_max_wait);
    std::move(polled.begin(), polled.end(), std::back_inserter(batch));
  }
  metrics_.consumed.Increment(static_cast<double>(batch.size()));
  return batch;
}

FamilyConsumer::MappedBatch FamilyConsumer::map_batch(
    const std::vector<core::kafka::Message>& batch) {
  MappedBatch mapped;
  mapped.rows.reserve(batch.size());
  mapped.received_at = Clock::now();
  for (std::size_t i = 0; i < batch.size(); ++i) {
    auto result = mapper_.map(batch[i].value);
    if (auto* row = std::get_if<Row>(&result)) {
      mapped.rows.push_back(std::move(*row));
      mapped.row_records.push_back(i);
    } else if (auto* rejection = std::get_if<Rejection>(&result)) {
      // A value without a device id may still have the device's key (kafka.md section 2).
      auto key = rejection->device_id ? rejection->device_id : batch[i].key;
      mapped.rejected.push_back({batch[i].topic, batch[i].value, std::move(key), rejection->reason,
                                 std::move(rejection->detail), mapped.received_at});
    } else {
      ++mapped.skipped;
    }
  }
  return mapped;
}

void FamilyConsumer::store(const std::vector<core::kafka::Message>& batch,
                           const std::stop_token& stop) {
  auto mapped = map_batch(batch);
  if (!batch.empty()) {
    metrics_.batch_records.Observe(static_cast<double>(batch.size()));
  }
  // A full batch means more records are waiting, so its commit need not wait for the flush.
  const bool defer = batch.size() == config_.batch_max_records &&
                     deferred_.size() + 1 < kMaxDeferredBatches && !stop.stop_requested();
  std::size_t pending = batch.size();
  for (const auto& earlier : deferred_) {
    pending += earlier.records;
  }
  metrics_.pending.Set(static_cast<double>(pending));
  Backoff backoff(config_.retry_initial_backoff, config_.retry_max_backoff);
  bool rewrite_deferred = false;
  for (;;) {
    try {
      if (rewrite_deferred) {
        for (const auto& earlier : deferred_) {
          writer().write(earlier.rows, Flush::defer);
        }
      }
      write(batch, mapped, defer ? Flush::defer : Flush::wait);
      if (consumer_.paused()) {
        spdlog::info("{}: batch stored, resuming", log_name_);
        set_paused(false);
      }
      return;
    } catch (const std::exception& e) {
      // Whether an outage or an error that needs an operator, the batch is kept and retried,
      // never dropped; only the log level differs. Deferred batches are written again: a
      // server that went away may have lost commits it had not flushed yet.
      const auto delay = backoff.next();
      spdlog::log(outage(e) ? spdlog::level::warn : spdlog::level::err,
                  "{}: cannot store {} records, retrying in {} ms: {}", log_name_, pending,
                  delay.count(), e.what());
      metrics_.retries.Increment();
      writer_.reset();
      rewrite_deferred = !deferred_.empty();
      set_paused(true);
      if (!wait_paused(delay, stop)) {
        spdlog::warn("{}: stopping with {} uncommitted records; they are redelivered later",
                     log_name_, pending);
        return;
      }
    }
  }
}

void FamilyConsumer::write(const std::vector<core::kafka::Message>& batch, MappedBatch& mapped,
                           Flush flush) {
  WriteOutcome outcome;
  if (!mapped.rows.empty()) {
    const auto started = std::chrono::steady_clock::now();
    outcome = writer().write(mapped.rows, flush);
    metrics_.write_seconds.Observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }

  auto letters = mapped.rejected;
  for (const auto& rejected : outcome.rejected) {
    const auto& record = batch[mapped.row_records[rejected.index]];
    letters.push_back({record.topic, record.value, mapped.rows[rejected.index].device_id,
                       RejectReason::constraint_violation,
                       "rejected by the database: " + rejected.message, mapped.received_at});
  }
  dlq_.send(letters, family_.spec->table.name);

  Positions positions;
  for (const auto& m : batch) {
    auto& next = positions[{m.topic, m.partition}];
    next = std::max(next, m.offset + 1);
  }
  if (flush == Flush::defer) {
    DeferredBatch deferred{{}, std::move(positions), batch.size(), oldest_timestamp(batch)};
    deferred.rows.reserve(mapped.rows.size() - outcome.rejected.size());
    std::size_t next_rejected = 0;
    for (std::size_t i = 0; i < mapped.rows.size(); ++i) {
      if (next_rejected < outcome.rejected.size() && outcome.rejected[next_rejected].index == i) {
        ++next_rejected;
      } else {
        deferred.rows.push_back(std::move(mapped.rows[i]));
      }
    }
    deferred_.push_back(std::move(deferred));
  } else {
    if (!deferred_.empty()) {
      writer().await_flush();
    }
    auto oldest = oldest_timestamp(batch);
    for (const auto& earlier : deferred_) {
      for (const auto& [partition, next] : earlier.positions) {
        auto& merged = positions[partition];
        merged = std::max(merged, next);
      }
      oldest = std::min(oldest, earlier.oldest);
    }
    commit(positions, oldest);
    deferred_.clear();
  }

  const auto stored = mapped.rows.size() - outcome.rejected.size();
  metrics_.inserted.Increment(static_cast<double>(outcome.inserted));
  metrics_.duplicates.Increment(static_cast<double>(stored) -
                                static_cast<double>(outcome.inserted));
  metrics_.skipped.Increment(static_cast<double>(mapped.skipped));
  for (const auto& letter : letters) {
    metrics_.dead_letters(letter.reason).Increment();
    spdlog::warn("{}: sent a record of {} to {}: {}: {}", log_name_,
                 letter.key.value_or("an unknown device"), config_.dlq_topic,
                 reason_code(letter.reason), letter.detail);
  }
  spdlog::debug("{}: stored a batch of {} records: {} inserted, {} skipped, {} dead letters{}",
                log_name_, batch.size(), outcome.inserted, mapped.skipped, letters.size(),
                flush == Flush::defer ? ", flush deferred" : "");
}

BatchWriter& FamilyConsumer::writer() {
  if (writer_ && !writer_->healthy()) {
    // Through the retry path, which writes deferred batches again on the next connection.
    throw core::pg::Error("the database connection was lost", "08006");
  }
  if (!writer_) {
    writer_ = std::make_unique<BatchWriter>(config_.database_url, family_.spec->table);
  }
  return *writer_;
}

void FamilyConsumer::commit(const Positions& positions,
                            std::chrono::system_clock::time_point oldest) {
  std::vector<core::kafka::CommitPosition> merged;
  merged.reserve(positions.size());
  for (const auto& [partition, next] : positions) {
    merged.push_back({partition.first, partition.second, next});
  }
  try {
    consumer_.commit(merged);
  } catch (const core::kafka::Error& e) {
    // The rows are stored. A refused commit (typically a rebalance moved the partition) means
    // the records are delivered again, and then skipped as duplicates.
    metrics_.commit_failures.Increment();
    spdlog::warn("{}: offset commit failed, the records will be redelivered: {}", log_name_,
                 e.what());
    return;
  }
  metrics_.pending.Set(0);
  if (merged.empty()) {
    return;
  }
  const auto now = Clock::now();
  metrics_.last_commit.Set(seconds_since_epoch(now));
  metrics_.commit_lag.Set(std::max(0.0, std::chrono::duration<double>(now - oldest).count()));
}

// Sleeps for `delay` while polling the paused consumer, which keeps its group membership alive
// and serves rebalances. False when a stop was requested.
bool FamilyConsumer::wait_paused(std::chrono::milliseconds delay, const std::stop_token& stop) {
  const auto deadline = std::chrono::steady_clock::now() + delay;
  while (!stop.stop_requested()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return true;
    }
    // Records fetched before the pause took effect are kept, not dropped.
    if (auto message = consumer_.poll(std::min(left, kPausedPoll))) {
      carried_.push_back(std::move(*message));
    }
  }
  return false;
}

void FamilyConsumer::set_paused(bool paused) {
  if (paused == consumer_.paused()) {
    return;
  }
  if (paused) {
    consumer_.pause();
  } else {
    consumer_.resume();
  }
  metrics_.paused.Set(paused ? 1 : 0);
}

}  // namespace sink
