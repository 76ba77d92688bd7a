#pragma once

#include <librdkafka/rdkafka.h>

namespace kafka_dev_broker {

// librdkafka log callback that writes through the process logger (spdlog).
void forward_librdkafka_log(const rd_kafka_t* handle, int level, const char* facility,
                            const char* text);

}  // namespace kafka_dev_broker
