#include "core/kafka/producer.hpp"

#include <algorithm>

namespace core::kafka {
namespace {

// A function rather than a static map so that a failed allocation throws at a catchable point.
Settings contract_defaults() {
  return {
      {"acks", "all"},
      {"enable.idempotence", "true"},
      {"compression.type", "snappy"},
      {"linger.ms", "5"},
      {"max.in.flight.requests.per.connection", "5"},
      {"delivery.timeout.ms", "30000"},
      {"allow.auto.create.topics", "false"},
  };
}

// The callback travels with the record as librdkafka's per-message opaque pointer.
struct PendingDelivery {
  Producer::DeliveryCallback callback;
};

int to_poll_ms(std::chrono::milliseconds timeout) {
  return static_cast<int>(std::clamp<std::chrono::milliseconds::rep>(timeout.count(), 0, 3600000));
}

std::string client_name(const Settings& settings, const char* fallback) {
  const auto found = settings.find("client.id");
  return found == settings.end() ? fallback : found->second;
}

}  // namespace

void Producer::DeliveryDispatcher::dr_cb(RdKafka::Message& message) {
  const std::unique_ptr<PendingDelivery> pending(
      static_cast<PendingDelivery*>(message.msg_opaque()));
  Delivery delivery;
  delivery.topic = message.topic_name();
  delivery.partition = message.partition();
  delivery.offset = message.offset();
  delivery.error = message.err();
  if (!delivery.ok()) {
    delivery.error_message = message.errstr();
  }
  if (pending && pending->callback) {
    pending->callback(delivery);
  }
}

Producer::Producer(const Settings& settings, std::chrono::milliseconds close_timeout)
    : close_timeout_(close_timeout), log_(client_name(settings, "producer")) {
  auto conf = make_conf(contract_defaults(), settings, {});
  set_callback(*conf, "event_cb", static_cast<RdKafka::EventCb*>(&log_));
  set_callback(*conf, "dr_cb", static_cast<RdKafka::DeliveryReportCb*>(&dispatcher_));
  std::string detail;
  producer_.reset(RdKafka::Producer::create(conf.get(), detail));
  if (!producer_) {
    throw Error("create kafka producer", detail, RdKafka::ERR__INVALID_ARG);
  }
  poller_ = std::jthread([this](const std::stop_token& stop) { poll_loop(stop); });
}

Producer::~Producer() {
  poller_.request_stop();
  producer_->yield();
  poller_.join();
  if (!flush(close_timeout_)) {
    // Whatever is still queued or in flight is failed (ERR__PURGE_*), so every callback and
    // future still gets its answer before the producer goes away.
    producer_->purge(RdKafka::Producer::PURGE_QUEUE | RdKafka::Producer::PURGE_INFLIGHT);
    flush(std::chrono::seconds(1));
  }
}

void Producer::poll_loop(const std::stop_token& stop) {
  while (!stop.stop_requested()) {
    producer_->poll(500);
  }
}

void Producer::produce(const std::string& topic, std::optional<std::string_view> key,
                       std::string_view value, const Headers& headers,
                       DeliveryCallback on_delivery) {
  auto pending = std::make_unique<PendingDelivery>(PendingDelivery{std::move(on_delivery)});
  std::unique_ptr<RdKafka::Headers> native_headers;
  if (!headers.empty()) {
    native_headers.reset(RdKafka::Headers::create());
    for (const auto& h : headers) {
      native_headers->add(h.key, h.value.data(), h.value.size());
    }
  }
  // RK_MSG_COPY: librdkafka copies value and key, so the caller's buffers need not outlive this.
  const auto code =
      producer_->produce(topic, RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY,
                         const_cast<char*>(value.data()), value.size(), key ? key->data() : nullptr,
                         key ? key->size() : 0, 0, native_headers.get(), pending.get());
  if (code != RdKafka::ERR_NO_ERROR) {
    throw Error("produce to " + topic, code);
  }
  // Queued: librdkafka now owns the headers, and the callback until dr_cb frees it.
  (void)native_headers.release();
  (void)pending.release();
}

std::future<Delivery> Producer::produce(const std::string& topic,
                                        std::optional<std::string_view> key, std::string_view value,
                                        const Headers& headers) {
  auto promise = std::make_shared<std::promise<Delivery>>();
  auto future = promise->get_future();
  produce(topic, key, value, headers,
          [promise](const Delivery& delivery) { promise->set_value(delivery); });
  return future;
}

bool Producer::flush(std::chrono::milliseconds timeout) {
  return producer_->flush(to_poll_ms(timeout)) == RdKafka::ERR_NO_ERROR;
}

}  // namespace core::kafka
