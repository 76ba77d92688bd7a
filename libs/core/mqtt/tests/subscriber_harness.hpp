#pragma once

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/mqtt/acking_subscriber.hpp"

namespace core::mqtt::test_support {

// Runs an io_context on its own thread and records what subscribers deliver and report.
class SubscriberHarness {
 public:
  SubscriberHarness() : work_(context_.get_executor()), thread_([this] { context_.run(); }) {}
  SubscriberHarness(const SubscriberHarness&) = delete;
  SubscriberHarness& operator=(const SubscriberHarness&) = delete;
  SubscriberHarness(SubscriberHarness&&) = delete;
  SubscriberHarness& operator=(SubscriberHarness&&) = delete;
  ~SubscriberHarness() {
    subscribers_.clear();
    work_.reset();
    context_.stop();
    thread_.join();
  }

  // A started subscriber whose messages and events this harness records. With auto_ack every
  // message is acknowledged as soon as it arrives.
  AckingSubscriber& start(SubscriberOptions options, bool auto_ack = false) {
    // Set before start(), so the handler never sees it empty.
    auto self = std::make_shared<AckingSubscriber*>(nullptr);
    auto subscriber = std::make_unique<AckingSubscriber>(
        context_.get_executor(), std::move(options),
        [this, auto_ack, self](InboundMessage message) {
          if (auto_ack) {
            (*self)->ack(message.tag);
          }
          record(std::move(message));
        },
        [this](const ConnectionEvent& event) { record(event); });
    *self = subscriber.get();
    subscriber->start();
    subscribers_.push_back(std::move(subscriber));
    return *subscribers_.back();
  }

  void stop(AckingSubscriber& subscriber,
            std::chrono::milliseconds drain = std::chrono::seconds(5)) {
    boost::asio::co_spawn(context_, subscriber.stop(std::chrono::steady_clock::now() + drain),
                          boost::asio::use_future)
        .get();
  }

  // Destroys the most recent subscriber (closing its connection without acknowledging).
  void discard() { subscribers_.pop_back(); }

  // All messages so far, once at least `count` arrived or the timeout passed.
  std::vector<InboundMessage> messages(
      std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, timeout, [&] { return messages_.size() >= count; });
    return messages_;
  }

  // The first event of `kind` not returned before, or nullopt after the timeout.
  std::optional<ConnectionEvent> event(
      ConnectionEvent::Kind kind, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    std::unique_lock lock(mutex_);
    std::optional<ConnectionEvent> found;
    changed_.wait_for(lock, timeout, [&] {
      for (auto it = events_.begin(); it != events_.end(); ++it) {
        if (it->kind == kind) {
          found = *it;
          events_.erase(it);
          return true;
        }
      }
      return false;
    });
    return found;
  }

  void clear_messages() {
    const std::scoped_lock lock(mutex_);
    messages_.clear();
  }

 private:
  void record(InboundMessage message) {
    const std::scoped_lock lock(mutex_);
    messages_.push_back(std::move(message));
    changed_.notify_all();
  }
  void record(const ConnectionEvent& event) {
    const std::scoped_lock lock(mutex_);
    events_.push_back(event);
    changed_.notify_all();
  }

  boost::asio::io_context context_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<InboundMessage> messages_;
  std::vector<ConnectionEvent> events_;
  std::vector<std::unique_ptr<AckingSubscriber>> subscribers_;
  std::thread thread_;  // last: started once everything it uses exists
};

}  // namespace core::mqtt::test_support
