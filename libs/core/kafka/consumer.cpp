#include "core/kafka/consumer.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <utility>

namespace core::kafka {
namespace {

// Owns the TopicPartition objects that librdkafka's C++ API hands around as raw pointers.
struct PartitionList {
  PartitionList() = default;
  PartitionList(const PartitionList&) = delete;
  PartitionList& operator=(const PartitionList&) = delete;
  PartitionList(PartitionList&&) = delete;
  PartitionList& operator=(PartitionList&&) = delete;
  ~PartitionList() { RdKafka::TopicPartition::destroy(items); }

  std::vector<RdKafka::TopicPartition*> items;
};

int to_poll_ms(std::chrono::milliseconds timeout) {
  return static_cast<int>(std::clamp<std::chrono::milliseconds::rep>(timeout.count(), 0, 3600000));
}

std::string client_name(const Settings& settings) {
  const auto found = settings.find("client.id");
  return found == settings.end() ? "consumer" : found->second;
}

// Errors that retrying inside librdkafka will not fix; the rest (a broker going away, a
// rebalance in progress) are transient and only logged.
bool needs_caller(RdKafka::ErrorCode code) {
  switch (code) {
    case RdKafka::ERR__FATAL:
    case RdKafka::ERR_UNKNOWN_TOPIC_OR_PART:
    case RdKafka::ERR__UNKNOWN_TOPIC:
    case RdKafka::ERR__UNKNOWN_PARTITION:
    case RdKafka::ERR_TOPIC_AUTHORIZATION_FAILED:
    case RdKafka::ERR_GROUP_AUTHORIZATION_FAILED:
      return true;
    default:
      return false;
  }
}

Message to_message(RdKafka::Message& native) {
  Message out;
  out.topic = native.topic_name();
  out.partition = native.partition();
  out.offset = native.offset();
  if (native.key_pointer() != nullptr) {
    out.key.emplace(static_cast<const char*>(native.key_pointer()), native.key_len());
  }
  if (native.payload() != nullptr) {
    out.value.assign(static_cast<const char*>(native.payload()), native.len());
  }
  if (RdKafka::Headers* headers = native.headers(); headers != nullptr) {
    for (const auto& h : headers->get_all()) {
      out.headers.push_back(
          {h.key(), h.value() == nullptr
                        ? std::string()
                        : std::string(static_cast<const char*>(h.value()), h.value_size())});
    }
  }
  const auto ts = native.timestamp();
  if (ts.type != RdKafka::MessageTimestamp::MSG_TIMESTAMP_NOT_AVAILABLE) {
    out.timestamp = std::chrono::system_clock::time_point(std::chrono::milliseconds(ts.timestamp));
  }
  return out;
}

}  // namespace

void Consumer::Rebalancer::rebalance_cb(RdKafka::KafkaConsumer* consumer, RdKafka::ErrorCode err,
                                        std::vector<RdKafka::TopicPartition*>& partitions) {
  const bool cooperative = consumer->rebalance_protocol() == "COOPERATIVE";
  if (err == RdKafka::ERR__ASSIGN_PARTITIONS) {
    if (cooperative) {
      if (const std::unique_ptr<RdKafka::Error> error(consumer->incremental_assign(partitions));
          error) {
        spdlog::warn("kafka {}: assign: {}", client_, error->str());
      }
    } else {
      consumer->assign(partitions);
    }
    // A pause covers the assignment at the time it was asked for; keep new partitions paused.
    if (paused_) {
      consumer->pause(partitions);
    }
    spdlog::info("kafka {}: assigned {} partition(s){}", client_, partitions.size(),
                 paused_ ? ", paused" : "");
    return;
  }
  if (cooperative && err == RdKafka::ERR__REVOKE_PARTITIONS) {
    if (const std::unique_ptr<RdKafka::Error> error(consumer->incremental_unassign(partitions));
        error) {
      spdlog::warn("kafka {}: unassign: {}", client_, error->str());
    }
  } else {
    consumer->unassign();
  }
  spdlog::info("kafka {}: revoked {} partition(s): {}", client_, partitions.size(),
               RdKafka::err2str(err));
}

Consumer::Consumer(const Settings& settings)
    : client_(client_name(settings)), has_group_(settings.contains("group.id")) {
  Settings defaults = {{"auto.offset.reset", "earliest"}, {"allow.auto.create.topics", "false"}};
  if (!has_group_) {
    // The C++ KafkaConsumer refuses to start without group.id, even for assign_from_end(); a
    // consumer that never subscribes never joins this group and never commits to it.
    defaults["group.id"] = "k12n-no-group";
  }
  const Settings forced = {{"enable.auto.commit", "false"}, {"enable.auto.offset.store", "false"}};
  auto conf = make_conf(defaults, settings, forced);
  set_callback(*conf, "event_cb", static_cast<RdKafka::EventCb*>(&log_));
  set_callback(*conf, "rebalance_cb", static_cast<RdKafka::RebalanceCb*>(&rebalancer_));
  std::string detail;
  consumer_.reset(RdKafka::KafkaConsumer::create(conf.get(), detail));
  if (!consumer_) {
    throw Error("create kafka consumer", detail, RdKafka::ERR__INVALID_ARG);
  }
}

Consumer::~Consumer() {
  close();
}

RdKafka::KafkaConsumer& Consumer::handle() {
  if (closed_) {
    throw Error("kafka consumer " + client_, "already closed", RdKafka::ERR__STATE);
  }
  return *consumer_;
}

void Consumer::subscribe(const std::vector<std::string>& topics) {
  if (!has_group_) {
    throw Error("subscribe", "group.id is required to join a consumer group",
                RdKafka::ERR__INVALID_ARG);
  }
  if (const auto code = handle().subscribe(topics); code != RdKafka::ERR_NO_ERROR) {
    throw Error("subscribe", code);
  }
}

void Consumer::assign_from_end(const std::vector<std::string>& topics,
                               std::int64_t records_before_end, std::chrono::milliseconds timeout) {
  RdKafka::Metadata* raw = nullptr;
  const auto code = handle().metadata(true, nullptr, &raw, to_poll_ms(timeout));
  const std::unique_ptr<RdKafka::Metadata> metadata(raw);
  if (code != RdKafka::ERR_NO_ERROR) {
    throw Error("read topic metadata", code);
  }
  const auto start = records_before_end > 0 ? RdKafka::Consumer::OffsetTail(records_before_end)
                                            : RdKafka::Topic::OFFSET_END;
  PartitionList list;
  for (const auto& topic : topics) {
    const auto* all = metadata->topics();
    const auto found = std::find_if(all->begin(), all->end(),
                                    [&topic](const auto* t) { return t->topic() == topic; });
    if (found == all->end() || (*found)->err() != RdKafka::ERR_NO_ERROR) {
      throw Error("assign " + topic,
                  found == all->end() ? RdKafka::ERR_UNKNOWN_TOPIC_OR_PART : (*found)->err());
    }
    for (const auto* partition : *(*found)->partitions()) {
      list.items.push_back(RdKafka::TopicPartition::create(topic, partition->id(), start));
    }
  }
  if (const auto assigned = handle().assign(list.items); assigned != RdKafka::ERR_NO_ERROR) {
    throw Error("assign partitions", assigned);
  }
  if (paused_) {
    handle().pause(list.items);
  }
}

std::optional<Message> Consumer::poll(std::chrono::milliseconds timeout) {
  const std::unique_ptr<RdKafka::Message> message(handle().consume(to_poll_ms(timeout)));
  const auto code = message->err();
  if (code == RdKafka::ERR_NO_ERROR) {
    return to_message(*message);
  }
  if (code == RdKafka::ERR__TIMED_OUT || code == RdKafka::ERR__PARTITION_EOF) {
    return std::nullopt;
  }
  std::string context = "kafka consumer " + client_;
  if (const auto topic = message->topic_name(); !topic.empty()) {
    context += " on " + topic;
  }
  if (code == RdKafka::ERR__FATAL) {
    std::string detail;
    consumer_->fatal_error(detail);
    throw Error(context, detail, code);
  }
  if (needs_caller(code)) {
    throw Error(context, message->errstr(), code);
  }
  spdlog::warn("{}: {}", context, message->errstr());
  return std::nullopt;
}

std::vector<Message> Consumer::poll_batch(std::size_t max_records,
                                          std::chrono::milliseconds timeout) {
  std::vector<Message> batch;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (batch.size() < max_records) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      break;
    }
    if (auto message = poll(left)) {
      batch.push_back(std::move(*message));
    }
  }
  return batch;
}

void Consumer::commit(const std::vector<CommitPosition>& positions) {
  if (!has_group_) {
    throw Error("commit", "a consumer without group.id has nowhere to commit",
                RdKafka::ERR__INVALID_ARG);
  }
  if (positions.empty()) {
    return;
  }
  PartitionList list;
  for (const auto& p : positions) {
    list.items.push_back(RdKafka::TopicPartition::create(p.topic, p.partition, p.next_offset));
  }
  if (const auto code = handle().commitSync(list.items); code != RdKafka::ERR_NO_ERROR) {
    throw Error("commit offsets", code);
  }
  for (const auto* partition : list.items) {
    if (partition->err() != RdKafka::ERR_NO_ERROR) {
      throw Error("commit offset of " + partition->topic() + " [" +
                      std::to_string(partition->partition()) + "]",
                  partition->err());
    }
  }
}

void Consumer::commit(const std::vector<Message>& processed) {
  std::map<std::pair<std::string, std::int32_t>, std::int64_t> next;
  for (const auto& m : processed) {
    auto& offset = next[{m.topic, m.partition}];
    offset = std::max(offset, m.offset + 1);
  }
  std::vector<CommitPosition> positions;
  positions.reserve(next.size());
  for (const auto& [partition, offset] : next) {
    positions.push_back({partition.first, partition.second, offset});
  }
  commit(positions);
}

void Consumer::pause() {
  set_paused(true);
}

void Consumer::resume() {
  set_paused(false);
}

void Consumer::set_paused(bool paused) {
  paused_ = paused;
  PartitionList list;
  if (const auto code = handle().assignment(list.items); code != RdKafka::ERR_NO_ERROR) {
    throw Error("read assignment", code);
  }
  if (list.items.empty()) {
    return;
  }
  const auto code = paused ? handle().pause(list.items) : handle().resume(list.items);
  if (code != RdKafka::ERR_NO_ERROR) {
    throw Error(paused ? "pause" : "resume", code);
  }
}

void Consumer::close() {
  if (closed_) {
    return;
  }
  closed_ = true;
  if (const auto code = consumer_->close(); code != RdKafka::ERR_NO_ERROR) {
    spdlog::warn("kafka {}: close: {}", client_, RdKafka::err2str(code));
  }
}

}  // namespace core::kafka
