#include "core/kafka/error.hpp"

namespace core::kafka {

Error::Error(const std::string& context, RdKafka::ErrorCode code)
    : Error(context, RdKafka::err2str(code), code) {}

Error::Error(const std::string& context, const std::string& detail, RdKafka::ErrorCode code)
    : std::runtime_error(context + ": " + detail), code_(code) {}

}  // namespace core::kafka
