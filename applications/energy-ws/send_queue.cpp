#include "send_queue.hpp"

#include <algorithm>
#include <utility>

namespace energy_ws {

FramePtr SendQueue::push_data(FramePtr frame) {
  FramePtr dropped;
  if (data_.size() >= data_limit_) {
    dropped = std::move(data_.front());
    data_.pop_front();
  }
  data_.push_back(std::move(frame));
  return dropped;
}

void SendQueue::push_control(FramePtr frame) {
  control_.push_back(std::move(frame));
}

FramePtr SendQueue::pop() {
  auto& from = control_.empty() ? data_ : control_;
  if (from.empty()) {
    return nullptr;
  }
  auto frame = std::move(from.front());
  from.pop_front();
  return frame;
}

void SendQueue::discard(Stream stream) {
  std::erase_if(data_, [stream](const FramePtr& frame) { return frame->stream == stream; });
}

}  // namespace energy_ws
