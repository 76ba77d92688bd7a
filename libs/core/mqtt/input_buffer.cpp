#include "core/mqtt/input_buffer.hpp"

#include <cstring>

namespace core::mqtt {

void InputBuffer::consume(std::size_t count) {
  begin_ += count;
  if (begin_ == end_) {
    begin_ = end_ = 0;
  }
}

boost::asio::mutable_buffer InputBuffer::prepare(std::size_t wanted) {
  if (begin_ > 0) {
    std::memmove(bytes_.data(), bytes_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (bytes_.size() - end_ < wanted) {
    bytes_.resize(end_ + wanted);
  } else if (bytes_.size() > 4 * kChunk && end_ + wanted <= kChunk) {
    bytes_.resize(kChunk);
    bytes_.shrink_to_fit();
  }
  return boost::asio::buffer(bytes_.data() + end_, bytes_.size() - end_);
}

}  // namespace core::mqtt
