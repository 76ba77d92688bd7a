#include "undeclared_topic_watch.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <stdexcept>

#include "librdkafka_log.hpp"

namespace kafka_dev_broker {

UndeclaredTopicWatch::UndeclaredTopicWatch(const std::string& bootstrap,
                                           std::set<std::string> declared,
                                           std::chrono::milliseconds interval)
    : declared_(std::move(declared)), interval_(interval) {
  std::array<char, 512> error{};
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set_log_cb(conf, forward_librdkafka_log);
  for (const auto& [name, value] : {std::pair{"bootstrap.servers", bootstrap.c_str()},
                                    std::pair{"client.id", "kafka-dev-broker-watch"}}) {
    if (rd_kafka_conf_set(conf, name, value, error.data(), error.size()) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      throw std::runtime_error(std::string("librdkafka configuration: ") + error.data());
    }
  }
  handle_.reset(rd_kafka_new(RD_KAFKA_PRODUCER, conf, error.data(), error.size()));
  if (!handle_) {
    rd_kafka_conf_destroy(conf);
    throw std::runtime_error(std::string("cannot create a librdkafka handle: ") + error.data());
  }
  thread_ = std::jthread([this](const std::stop_token& stop) { run(stop); });
}

void UndeclaredTopicWatch::run(const std::stop_token& stop) {
  std::unique_lock lock(mutex_);
  while (!stop.stop_requested()) {
    check();
    // Returns early when the jthread is asked to stop.
    wake_.wait_for(lock, stop, interval_, [] { return false; });
  }
}

void UndeclaredTopicWatch::check() {
  const rd_kafka_metadata_t* metadata = nullptr;
  // all_topics=1 lists what exists; unlike naming a topic, it creates nothing.
  const auto err = rd_kafka_metadata(handle_.get(), 1, nullptr, &metadata, 2000);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    spdlog::debug("cannot list topics: {}", rd_kafka_err2str(err));
    return;
  }
  for (int i = 0; i < metadata->topic_cnt; ++i) {
    const auto& topic = metadata->topics[i];
    if (!declared_.contains(topic.topic) && reported_.insert(topic.topic).second) {
      spdlog::warn(
          "topic {} ({} partitions) is not in the topic list: a client named it and the mock "
          "created it; production refuses undeclared topics",
          topic.topic, topic.partition_cnt);
    }
  }
  rd_kafka_metadata_destroy(metadata);
}

}  // namespace kafka_dev_broker
