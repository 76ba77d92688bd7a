#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/kafka/client_config.hpp"
#include "core/kafka/record.hpp"

namespace core::kafka {

// Where a consumer group continues in one partition: the offset of the next record to read.
struct CommitPosition {
  std::string topic;
  std::int32_t partition = 0;
  std::int64_t next_offset = 0;
};

// A consumer that commits only what the caller says it has processed: enable.auto.commit and
// enable.auto.offset.store are always false. `settings` must hold bootstrap.servers; group.id and
// auto.offset.reset (default "earliest") matter for subscribe(). All calls come from one thread.
class Consumer {
 public:
  explicit Consumer(const Settings& settings);
  Consumer(const Consumer&) = delete;
  Consumer& operator=(const Consumer&) = delete;
  Consumer(Consumer&&) = delete;
  Consumer& operator=(Consumer&&) = delete;
  ~Consumer();

  // Joins the consumer group named by group.id and subscribes to `topics`.
  void subscribe(const std::vector<std::string>& topics);
  // Without a group: reads every partition of `topics`, starting `records_before_end` records
  // before the current end of each partition (0: only records produced from now on). Nothing
  // is committed, and every consumer built like this sees every record.
  void assign_from_end(const std::vector<std::string>& topics, std::int64_t records_before_end,
                       std::chrono::milliseconds timeout = std::chrono::seconds(10));

  // The next record, or nullopt when none arrived within the timeout. Broker outages are retried
  // by librdkafka and only logged; throws Error for what does not heal by itself (a missing
  // topic, an authorization failure, a fatal consumer error).
  std::optional<Message> poll(std::chrono::milliseconds timeout);
  // Up to max_records, returning early when the batch is full; empty when none arrived.
  std::vector<Message> poll_batch(std::size_t max_records, std::chrono::milliseconds timeout);

  // Synchronous commit of explicit positions, for after the caller's write succeeded.
  void commit(const std::vector<CommitPosition>& positions);
  // Commits, per partition, the offset after the highest processed record.
  void commit(const std::vector<Message>& processed);

  // Stops fetching for the whole assignment, including partitions assigned later by a
  // rebalance, until resume(). Records already fetched are discarded by librdkafka and fetched
  // again after resume(), so nothing is skipped. Keep calling poll() while paused: it serves
  // rebalances and keeps the group membership alive.
  void pause();
  void resume();
  bool paused() const { return paused_; }

  // Leaves the group (without committing anything) and stops fetching. Idempotent.
  void close();

 private:
  class Rebalancer final : public RdKafka::RebalanceCb {
   public:
    Rebalancer(std::string client, const std::atomic<bool>& paused)
        : client_(std::move(client)), paused_(paused) {}
    void rebalance_cb(RdKafka::KafkaConsumer* consumer, RdKafka::ErrorCode err,
                      std::vector<RdKafka::TopicPartition*>& partitions) override;

   private:
    std::string client_;
    const std::atomic<bool>& paused_;
  };

  void set_paused(bool paused);
  RdKafka::KafkaConsumer& handle();

  std::string client_;
  bool has_group_;
  bool closed_ = false;
  std::atomic<bool> paused_{false};
  LogForwarder log_{client_};
  Rebalancer rebalancer_{client_, paused_};
  std::unique_ptr<RdKafka::KafkaConsumer> consumer_;
};

}  // namespace core::kafka
