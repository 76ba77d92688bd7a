#include "core/kafka/record.hpp"

namespace core::kafka {

const std::string* Message::header(const std::string& name) const {
  for (const auto& h : headers) {
    if (h.key == name) {
      return &h.value;
    }
  }
  return nullptr;
}

}  // namespace core::kafka
