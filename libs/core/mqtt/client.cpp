#include "core/mqtt/client.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace core::mqtt {
namespace {

constexpr int kQos = 1;

std::string ms_text(std::chrono::milliseconds timeout) {
  return std::to_string(timeout.count()) + " ms";
}

}  // namespace

// Paho keeps no client-side persistence here (nullptr): what must survive a restart is the
// broker's persistent session, not local files.
Client::Client(Options options, MessageHandler on_message) try
    : options_(std::move(options)),
      on_message_(std::move(on_message)),
      client_(options_.uri, options_.client_id,
              static_cast<::mqtt::iclient_persistence*>(nullptr)) {
  client_.set_message_callback([this](::mqtt::const_message_ptr native) {
    const Message message{native->get_topic(), native->get_payload_str(), native->get_qos(),
                          native->is_retained(), native->is_duplicate()};
    // An exception must not unwind into Paho's C thread.
    try {
      on_message_(message);
    } catch (const std::exception& e) {
      spdlog::error("mqtt {}: message handler failed for {}: {}", options_.client_id, message.topic,
                    e.what());
    } catch (...) {
      spdlog::error("mqtt {}: message handler failed for {}", options_.client_id, message.topic);
    }
  });
  client_.set_connected_handler([this](const std::string&) {
    spdlog::info("mqtt {}: connected to {}", options_.client_id, options_.uri);
    resubscribe();
  });
  client_.set_connection_lost_handler([this](const std::string& cause) {
    spdlog::warn("mqtt {}: connection lost{}{}, reconnecting", options_.client_id,
                 cause.empty() ? "" : ": ", cause);
  });
} catch (const ::mqtt::exception& e) {
  throw Error(std::string("MQTT client: ") + e.what(), e.get_return_code());
}

Client::~Client() {
  disconnect();
}

void Client::connect() {
  ::mqtt::connect_options_builder builder;
  builder.mqtt_version(MQTTVERSION_3_1_1)
      .clean_session(options_.clean_session)
      .keep_alive_interval(options_.keep_alive)
      .connect_timeout(options_.connect_timeout)
      .automatic_reconnect(options_.min_reconnect_delay, options_.max_reconnect_delay);
  if (!options_.username.empty()) {
    builder.user_name(options_.username).password(options_.password);
  }
  const auto context = "MQTT connect to " + options_.uri + " as " +
                       (options_.username.empty() ? "anonymous" : options_.username) + " (" +
                       options_.client_id + ")";
  try {
    auto token = client_.connect(builder.finalize());
    if (!token->wait_for(options_.connect_timeout + std::chrono::seconds(1))) {
      throw Error(context + ": no answer within " + ms_text(options_.connect_timeout), 0);
    }
  } catch (const ::mqtt::exception& e) {
    throw Error(context + " failed: " + e.what(), e.get_return_code());
  }
}

void Client::subscribe(const std::vector<std::string>& filters, std::chrono::milliseconds timeout) {
  // One SUBSCRIBE per filter: with MQTT 3.1.1 Paho reports a refused filter (SUBACK 0x80) as a
  // failure only for single-filter requests, and Paho C++ 1.2 misreads the granted QoS list.
  for (const auto& filter : filters) {
    // Remembered first, so that a reconnect racing with this call still restores it.
    {
      const std::scoped_lock lock(filters_mutex_);
      if (std::find(filters_.begin(), filters_.end(), filter) == filters_.end()) {
        filters_.push_back(filter);
      }
    }
    try {
      if (!client_.subscribe(filter, kQos)->wait_for(timeout)) {
        throw Error("MQTT subscribe to " + filter + ": no SUBACK within " + ms_text(timeout), 0);
      }
    } catch (const ::mqtt::exception& e) {
      forget(filter);
      throw Error("MQTT subscribe to " + filter + " failed: " + e.what(), e.get_return_code());
    } catch (const Error&) {
      forget(filter);
      throw;
    }
  }
}

void Client::forget(const std::string& filter) {
  const std::scoped_lock lock(filters_mutex_);
  std::erase(filters_, filter);
}

void Client::resubscribe() {
  std::vector<std::string> filters;
  {
    const std::scoped_lock lock(filters_mutex_);
    filters = filters_;
  }
  // Runs on Paho's callback thread, which must not wait for tokens; a failure is only logged
  // and the next reconnect tries again. Subscribing again is harmless when the broker kept the
  // session, and restores the subscriptions when it did not.
  for (const auto& filter : filters) {
    try {
      client_.subscribe(filter, kQos);
    } catch (const ::mqtt::exception& e) {
      spdlog::error("mqtt {}: subscribing again to {} failed: {}", options_.client_id, filter,
                    e.what());
    }
  }
}

void Client::publish(const std::string& topic, std::string_view payload,
                     std::chrono::milliseconds timeout) {
  try {
    auto token = client_.publish(topic, payload.data(), payload.size(), kQos, false);
    if (!token->wait_for(timeout)) {
      throw Error("MQTT publish to " + topic + ": no PUBACK within " + ms_text(timeout), 0);
    }
  } catch (const ::mqtt::exception& e) {
    throw Error("MQTT publish to " + topic + " failed: " + e.what(), e.get_return_code());
  }
}

void Client::disconnect(std::chrono::milliseconds timeout) {
  // Also when not connected right now: it stops automatic reconnection.
  try {
    client_.disconnect(static_cast<int>(timeout.count()))->wait_for(timeout);
  } catch (const ::mqtt::exception&) {
    // Already disconnected.
  }
}

}  // namespace core::mqtt
