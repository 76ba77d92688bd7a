#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <string>

#include "stream.hpp"

namespace energy_ws {

// A frame waiting to be sent. Data frames are built once per record and shared by every client's
// queue.
struct OutFrame {
  std::string text;
  Stream stream = Stream::energy;  // data frames only
  bool data = false;
};

using FramePtr = std::shared_ptr<const OutFrame>;

// One client's send queue (contract section 6): at most `data_limit` data frames, the oldest
// dropped on overflow; control frames (subscribed, pong, error) are never dropped and go first.
class SendQueue {
 public:
  explicit SendQueue(std::size_t data_limit) : data_limit_(data_limit) {}

  // Returns the data frame dropped to make room, or null.
  FramePtr push_data(FramePtr frame);
  void push_control(FramePtr frame);
  // The next frame to send, control frames first; null when empty.
  FramePtr pop();
  // Forgets the queued data frames of a stream the client unsubscribed from.
  void discard(Stream stream);
  // Forgets every data frame (the connection is closing).
  void discard_data() { data_.clear(); }

  bool empty() const { return control_.empty() && data_.empty(); }
  std::size_t control_size() const { return control_.size(); }
  std::size_t data_size() const { return data_.size(); }

 private:
  std::size_t data_limit_;
  std::deque<FramePtr> control_;
  std::deque<FramePtr> data_;
};

}  // namespace energy_ws
