#include "core/mqtt/async_publisher.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "core/mqtt/publish_packet.hpp"

namespace core::mqtt {
namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxPacketIds = 65535;
// One write carries at most this much; more stays queued for the next one.
constexpr std::size_t kMaxWriteBytes = std::size_t{256} * 1024;

std::string ms_text(std::chrono::milliseconds duration) {
  return std::to_string(duration.count()) + " ms";
}

}  // namespace

AsyncPublisher::AsyncPublisher(Options options, std::size_t max_in_flight)
    : options_(std::move(options)), max_in_flight_(max_in_flight) {
  if (max_in_flight_ == 0 || max_in_flight_ > kMaxPacketIds) {
    throw Error("MQTT publisher: max_in_flight must be 1.." + std::to_string(kMaxPacketIds), 0);
  }
  try {
    address_ = parse_broker_uri(options_.uri);
  } catch (const std::invalid_argument& e) {
    throw Error(e.what(), 0);
  }
  // Packet ids cycle through 1..max_in_flight: fewer than that are ever in use.
  slots_.resize(max_in_flight_ + 1);
}

AsyncPublisher::~AsyncPublisher() {
  disconnect();
}

void AsyncPublisher::connect() {
  {
    const std::scoped_lock lock(mutex_);
    if (state_ != State::idle) {
      throw Error("MQTT publisher " + options_.client_id + ": connect() called twice", 0);
    }
    state_ = State::connecting;
  }
  thread_ = std::thread([this] { io_.run(); });
  asio::post(io_, [this] { start_connect(); });
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return state_ != State::connecting; });
  if (first_connect_error_) {
    const auto error = *first_connect_error_;
    lock.unlock();
    disconnect();
    throw Error(error.what(), error.return_code());
  }
}

// ---- caller side ----

void AsyncPublisher::publish(std::string_view topic, std::string_view payload) {
  std::unique_lock lock(mutex_);
  if (in_flight_ >= max_in_flight_ && state_ != State::stopped) {
    ++waiters_;
    changed_.wait(lock, [&] { return in_flight_ < max_in_flight_ || state_ == State::stopped; });
    --waiters_;
  }
  if (state_ == State::idle || state_ == State::stopped) {
    throw Error("MQTT publish to " + std::string(topic) + ": the publisher is not running", -3);
  }
  // in_flight_ < max_in_flight_ leaves a free id.
  do {
    next_id_ = static_cast<std::uint16_t>(next_id_ % max_in_flight_ + 1);
  } while (slots_[next_id_].sequence != 0);
  auto& slot = slots_[next_id_];
  // Encoded in place: the slot's buffer keeps its capacity from earlier messages.
  publish_packet::encode_qos1(slot.packet, topic, payload, next_id_);
  slot.sequence = next_sequence_++;
  slot.written = false;
  order_.push_back({next_id_, slot.sequence});
  ++in_flight_;
  ++stats_.published;
  if (!write_posted_ && state_ == State::connected) {
    write_posted_ = true;
    asio::post(io_, [this] { write_more(); });
  }
}

bool AsyncPublisher::flush(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  ++waiters_;
  changed_.wait_for(lock, timeout, [&] { return in_flight_ == 0 || state_ == State::stopped; });
  --waiters_;
  return in_flight_ == 0;
}

void AsyncPublisher::disconnect() {
  {
    const std::scoped_lock lock(mutex_);
    state_ = State::stopped;
  }
  changed_.notify_all();
  if (thread_.joinable()) {
    asio::post(io_, [this] { stop_io(); });
    thread_.join();
  }
}

AsyncPublisher::Stats AsyncPublisher::stats() const {
  const std::scoped_lock lock(mutex_);
  return stats_;
}

std::size_t AsyncPublisher::in_flight() const {
  const std::scoped_lock lock(mutex_);
  return in_flight_;
}

bool AsyncPublisher::connected() const {
  const std::scoped_lock lock(mutex_);
  return state_ == State::connected;
}

// ---- background thread ----

void AsyncPublisher::start_connect() {
  const auto connection = ++connection_;
  input_.clear();
  boost::system::error_code error;
  asio::ip::tcp::resolver resolver(io_);
  const auto endpoints = resolver.resolve(address_.host, address_.port, error);
  if (error) {
    connection_lost("cannot resolve " + address_.host + ": " + error.message());
    return;
  }
  connect_timer_.expires_after(options_.connect_timeout);
  connect_timer_.async_wait([this, connection](const boost::system::error_code& e) {
    if (!e && connection == connection_) {
      connection_lost("no CONNACK within " + ms_text(options_.connect_timeout));
    }
  });
  asio::async_connect(socket_, endpoints,
                      [this, connection](const boost::system::error_code& e, const auto&) {
                        if (connection != connection_) {
                          return;
                        }
                        if (e) {
                          connection_lost("cannot connect to " + options_.uri + ": " + e.message());
                          return;
                        }
                        on_tcp_connected(connection);
                      });
}

void AsyncPublisher::on_tcp_connected(std::uint64_t connection) {
  boost::system::error_code ignored;
  socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
  output_ = packet::connect({options_.client_id, options_.username, options_.password,
                             static_cast<std::uint16_t>(options_.keep_alive.count()),
                             options_.clean_session});
  writing_ = true;
  asio::async_write(socket_, asio::buffer(output_),
                    [this, connection](const boost::system::error_code& e, std::size_t) {
                      if (connection != connection_) {
                        return;
                      }
                      writing_ = false;
                      if (e) {
                        connection_lost("writing CONNECT failed: " + e.message());
                      }
                    });
  read_packets();
}

void AsyncPublisher::read_packets() {
  socket_.async_read_some(asio::buffer(read_buffer_), [this, connection = connection_](
                                                          const boost::system::error_code& e,
                                                          std::size_t count) {
    if (connection != connection_) {
      return;
    }
    if (e) {
      connection_lost(e == asio::error::eof ? "the broker closed the connection"
                                            : "reading failed: " + e.message());
      return;
    }
    last_read_ = Clock::now();
    input_.append(read_buffer_.data(), count);
    std::size_t used = 0;
    try {
      while (const auto header = packet::read_fixed_header(std::string_view(input_).substr(used))) {
        const auto total = header->size + header->remaining_length;
        if (input_.size() - used < total) {
          break;
        }
        handle_packet(*header, std::string_view(input_).substr(used + header->size,
                                                               header->remaining_length));
        used += total;
        if (connection != connection_) {
          return;  // the packet ended the connection
        }
      }
    } catch (const packet::MalformedPacket& malformed) {
      connection_lost(std::string("protocol error: ") + malformed.what());
      return;
    }
    input_.erase(0, used);
    read_packets();
  });
}

void AsyncPublisher::handle_packet(const packet::FixedHeader& header, std::string_view body) {
  bool connecting = false;
  {
    const std::scoped_lock lock(mutex_);
    connecting = state_ == State::connecting || state_ == State::waiting_to_reconnect;
  }
  if (connecting) {
    on_connack(header, body);
    return;
  }
  if (header.type == packet::Type::pingresp) {
    packet::check_pingresp(header);
    return;
  }
  if (header.type != packet::Type::puback) {
    throw packet::MalformedPacket("unexpected " + std::string(packet::type_name(header.type)) +
                                  " on a publish-only connection");
  }
  const auto id = publish_packet::parse_puback(header, body);
  if (id >= slots_.size()) {
    throw packet::MalformedPacket("PUBACK for packet id " + std::to_string(id) +
                                  ", which was never used");
  }
  bool wake = false;
  {
    const std::scoped_lock lock(mutex_);
    auto& slot = slots_[id];
    // A second PUBACK for a message sent again after a reconnect finds the slot free.
    if (slot.sequence != 0) {
      slot.sequence = 0;
      slot.packet.clear();
      --in_flight_;
      ++stats_.acknowledged;
      while (!order_.empty() &&
             slots_[order_.front().packet_id].sequence != order_.front().sequence) {
        order_.pop_front();
        written_ -= written_ > 0 ? 1 : 0;
      }
      wake = waiters_ > 0;
    }
  }
  if (wake) {
    changed_.notify_all();
  }
}

void AsyncPublisher::on_connack(const packet::FixedHeader& header, std::string_view body) {
  if (header.type != packet::Type::connack) {
    throw packet::MalformedPacket(std::string(packet::type_name(header.type)) + " before CONNACK");
  }
  const auto connack = packet::parse_connack(header, body);
  if (connack.return_code != packet::kConnectionAccepted) {
    const auto why = "the broker refused the connection: " +
                     std::string(packet::connack_reason(connack.return_code));
    bool first = false;
    {
      const std::scoped_lock lock(mutex_);
      first = state_ == State::connecting;
      if (first) {
        first_connect_error_.emplace("MQTT connect to " + options_.uri + " as " +
                                         options_.username + " (" + options_.client_id +
                                         ") failed: " + why,
                                     connack.return_code);
      }
    }
    connection_lost(why);
    return;
  }
  connect_timer_.cancel();
  bool reconnected = false;
  {
    const std::scoped_lock lock(mutex_);
    reconnected = state_ == State::waiting_to_reconnect;
    state_ = State::connected;
    stats_.reconnects += reconnected ? 1 : 0;
    written_ = 0;  // everything still in flight goes out again on this connection
  }
  changed_.notify_all();
  session_up_ = true;
  backoff_ = std::chrono::milliseconds{0};
  spdlog::info("mqtt {}: connected to {}{}", options_.client_id, options_.uri,
               reconnected ? " again, sending what is in flight" : "");
  last_read_ = last_write_ = Clock::now();
  on_keep_alive_tick();
  write_more();
}

void AsyncPublisher::write_more() {
  if (writing_) {
    return;  // the write in progress calls again when it completes
  }
  {
    const std::scoped_lock lock(mutex_);
    write_posted_ = false;
    if (state_ != State::connected) {
      return;
    }
    output_.clear();
    if (ping_due_) {
      output_.append(packet::kPingreq);
      ping_due_ = false;
    }
    while (written_ < order_.size() && output_.size() < kMaxWriteBytes) {
      const auto queued = order_[written_++];
      auto& slot = slots_[queued.packet_id];
      if (slot.sequence != queued.sequence) {
        continue;  // acknowledged meanwhile
      }
      if (slot.written) {
        publish_packet::mark_duplicate(slot.packet);
      }
      slot.written = true;
      output_.append(slot.packet);
    }
  }
  if (output_.empty()) {
    return;
  }
  writing_ = true;
  asio::async_write(
      socket_, asio::buffer(output_),
      [this, connection = connection_](const boost::system::error_code& e, std::size_t) {
        if (connection != connection_) {
          return;
        }
        writing_ = false;
        if (e) {
          connection_lost("writing failed: " + e.message());
          return;
        }
        last_write_ = Clock::now();
        write_more();
      });
}

void AsyncPublisher::on_keep_alive_tick() {
  if (options_.keep_alive.count() == 0) {
    return;  // keep-alive switched off
  }
  const auto now = Clock::now();
  if (now - last_read_ > options_.keep_alive) {
    connection_lost(
        "no packet from the broker within " +
        ms_text(std::chrono::duration_cast<std::chrono::milliseconds>(options_.keep_alive)));
    return;
  }
  if (now - last_write_ >= options_.keep_alive / 2) {
    ping_due_ = true;
    last_write_ = now;
    write_more();
  }
  keep_alive_timer_.expires_after(std::chrono::milliseconds(options_.keep_alive) / 4);
  keep_alive_timer_.async_wait(
      [this, connection = connection_](const boost::system::error_code& e) {
        if (!e && connection == connection_) {
          on_keep_alive_tick();
        }
      });
}

void AsyncPublisher::connection_lost(const std::string& why) {
  ++connection_;  // handlers of the old connection see a different number and return
  boost::system::error_code ignored;
  socket_.close(ignored);
  connect_timer_.cancel();
  keep_alive_timer_.cancel();
  writing_ = false;
  ping_due_ = false;
  session_up_ = false;
  State previous;
  {
    const std::scoped_lock lock(mutex_);
    previous = state_;
    if (previous == State::stopped) {
      return;
    }
    if (previous == State::connecting && !first_connect_error_) {
      first_connect_error_.emplace(
          "MQTT connect to " + options_.uri + " (" + options_.client_id + ") failed: " + why,
          why.starts_with("no CONNACK") ? 0 : -1);
    }
    state_ = previous == State::connecting ? State::stopped : State::waiting_to_reconnect;
  }
  changed_.notify_all();
  if (previous == State::connecting) {
    return;  // connect() reports it; no retries before a first success
  }
  if (previous == State::connected) {
    spdlog::warn("mqtt {}: connection lost: {}; reconnecting", options_.client_id, why);
  } else {
    spdlog::warn("mqtt {}: reconnecting failed: {}", options_.client_id, why);
  }
  schedule_reconnect();
}

void AsyncPublisher::schedule_reconnect() {
  const auto min_delay = std::chrono::milliseconds(options_.min_reconnect_delay);
  const auto max_delay = std::chrono::milliseconds(options_.max_reconnect_delay);
  backoff_ = backoff_.count() == 0 ? min_delay : std::min(backoff_ * 2, max_delay);
  connect_timer_.expires_after(backoff_);
  connect_timer_.async_wait([this, connection = connection_](const boost::system::error_code& e) {
    if (!e && connection == connection_) {
      start_connect();
    }
  });
}

void AsyncPublisher::stop_io() {
  ++connection_;
  boost::system::error_code ignored;
  // A DISCONNECT written now could land inside a write still in progress; then only close.
  if (session_up_ && !writing_) {
    asio::write(socket_, asio::buffer(packet::kDisconnect), ignored);
  }
  session_up_ = false;
  socket_.close(ignored);
  connect_timer_.cancel();
  keep_alive_timer_.cancel();
  work_.reset();
  io_.stop();
}

}  // namespace core::mqtt
