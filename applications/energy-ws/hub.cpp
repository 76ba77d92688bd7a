#include "hub.hpp"

#include <memory>
#include <utility>
#include <vector>

#include "server_frame.hpp"
#include "ws_session.hpp"

namespace energy_ws {
namespace {

FramePtr make_data_frame(Stream stream, const Reading& reading) {
  return std::make_shared<const OutFrame>(
      OutFrame{data_frame(stream, *reading.value, Clock::now()), stream, true});
}

}  // namespace

bool Hub::reserve() {
  if (stopping_ || reserved_ >= max_connections_) {
    return false;
  }
  ++reserved_;
  return true;
}

void Hub::release() {
  --reserved_;
  if (stopping_ && reserved_ == 0 && on_empty_) {
    std::exchange(on_empty_, nullptr)();
  }
}

void Hub::attach(WsSession& session) {
  sessions_.insert(&session);
  metrics_.connections().Set(static_cast<double>(sessions_.size()));
  if (stopping_) {
    // Admitted before the shutdown began, its handshake finished after: closed like the others.
    session.close_for_shutdown();
  }
}

void Hub::detach(WsSession& session) {
  sessions_.erase(&session);
  metrics_.connections().Set(static_cast<double>(sessions_.size()));
}

void Hub::publish(Stream stream, const Reading& reading) {
  latest_.offer(stream, reading);
  if (sessions_.empty()) {
    return;
  }
  const auto frame = make_data_frame(stream, reading);
  for (auto* session : sessions_) {
    session->deliver(frame);
  }
}

FramePtr Hub::latest_frame(Stream stream) const {
  const auto* reading = latest_.get(stream);
  return reading == nullptr ? nullptr : make_data_frame(stream, *reading);
}

void Hub::shutdown(std::function<void()> on_empty) {
  stopping_ = true;
  if (reserved_ == 0) {
    on_empty();
    return;
  }
  on_empty_ = std::move(on_empty);
  // Closing only starts here; sessions detach later, so the set does not change under the loop.
  for (auto* session : sessions_) {
    session->close_for_shutdown();
  }
}

}  // namespace energy_ws
