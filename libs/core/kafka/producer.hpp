#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "core/kafka/client_config.hpp"
#include "core/kafka/record.hpp"

namespace core::kafka {

// An idempotent producer. Defaults are the contract's producer settings (acks=all,
// enable.idempotence=true, compression.type=snappy, linger.ms=5,
// max.in.flight.requests.per.connection=5, delivery.timeout.ms=30000); `settings` override them
// and must hold bootstrap.servers. allow.auto.create.topics is false, matching production
// brokers, where a record for an undeclared topic fails (the local kafka-dev-broker cannot
// honour the flag and creates the topic).
//
// Delivery callbacks run on an internal thread (while the producer is being destroyed, on the
// destroying thread), so they must be quick and must not destroy the producer.
class Producer {
 public:
  using DeliveryCallback = std::function<void(const Delivery&)>;

  explicit Producer(const Settings& settings,
                    std::chrono::milliseconds close_timeout = std::chrono::seconds(10));
  Producer(const Producer&) = delete;
  Producer& operator=(const Producer&) = delete;
  Producer(Producer&&) = delete;
  Producer& operator=(Producer&&) = delete;
  // Waits up to close_timeout for outstanding records; the rest are reported as failed.
  ~Producer();

  // Queues one record; a null key lets librdkafka spread records over the partitions.
  // on_delivery runs exactly once: after the broker acknowledged the record, or with the reason
  // it failed (delivery.timeout.ms passed, unknown topic, fatal producer error). Throws Error,
  // without calling on_delivery, when the record cannot be queued at all (for example
  // RdKafka::ERR__QUEUE_FULL, which asks the caller to slow down).
  void produce(const std::string& topic, std::optional<std::string_view> key,
               std::string_view value, const Headers& headers, DeliveryCallback on_delivery);
  std::future<Delivery> produce(const std::string& topic, std::optional<std::string_view> key,
                                std::string_view value, const Headers& headers = {});

  // Waits until every queued record has its delivery result; false when the timeout passed.
  bool flush(std::chrono::milliseconds timeout);

 private:
  class DeliveryDispatcher final : public RdKafka::DeliveryReportCb {
   public:
    void dr_cb(RdKafka::Message& message) override;
  };

  void poll_loop(const std::stop_token& stop);

  std::chrono::milliseconds close_timeout_;
  LogForwarder log_;
  DeliveryDispatcher dispatcher_;
  std::unique_ptr<RdKafka::Producer> producer_;
  std::jthread poller_;
};

}  // namespace core::kafka
