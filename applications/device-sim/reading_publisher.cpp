#include "reading_publisher.hpp"

#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>
#include <chrono>
#include <string>

namespace device_sim {
namespace {

// Shorter than the SaveEye interval would be ideal, but a loaded broker may take a moment.
constexpr auto kPublishTimeout = std::chrono::seconds(5);

}  // namespace

void ReadingPublisher::publish(const char* device, std::string_view topic,
                               const boost::json::object& payload) {
  try {
    client_.publish(std::string(topic), boost::json::serialize(payload), kPublishTimeout);
    metrics_.published(device).Increment();
    if (failing_) {
      spdlog::info("publishing again after {} dropped reading(s)", dropped_);
      failing_ = false;
      dropped_ = 0;
    }
  } catch (const core::mqtt::Error& e) {
    if (!failing_) {
      spdlog::warn("dropping readings while publishing fails: {}", e.what());
    }
    metrics_.failed(device).Increment();
    failing_ = true;
    ++dropped_;
  }
}

}  // namespace device_sim
