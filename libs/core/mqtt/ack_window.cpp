#include "core/mqtt/ack_window.hpp"

namespace core::mqtt {

std::uint64_t AckWindow::add(std::uint16_t packet_id) {
  entries_.push_back({packet_id, false});
  return first_ + entries_.size() - 1;
}

bool AckWindow::finish(std::uint64_t sequence, std::vector<std::uint16_t>& due) {
  if (sequence < first_ || sequence - first_ >= entries_.size()) {
    return false;
  }
  auto& entry = entries_[static_cast<std::size_t>(sequence - first_)];
  if (entry.finished) {
    return false;
  }
  entry.finished = true;
  while (!entries_.empty() && entries_.front().finished) {
    if (entries_.front().packet_id != 0) {
      due.push_back(entries_.front().packet_id);
    }
    entries_.pop_front();
    ++first_;
  }
  return true;
}

}  // namespace core::mqtt
