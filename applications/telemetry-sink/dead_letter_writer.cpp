#include "dead_letter_writer.hpp"

#include <future>
#include <vector>

#include "core/kafka/error.hpp"
#include "core/time/rfc3339.hpp"

namespace sink {

core::kafka::Headers dead_letter_headers(const DeadLetter& letter, std::string_view table) {
  std::string reason(reason_code(letter.reason));
  reason += ": ";
  reason += letter.detail;
  return {
      {"x-source-topic", std::string(letter.source_topic)},
      {"x-error-reason", std::move(reason)},
      {"x-received-at", core::time::format_rfc3339_ms(letter.received_at)},
      {"x-stage", "sink:" + std::string(table)},
  };
}

void DeadLetterWriter::send(std::span<const DeadLetter> letters, std::string_view table) {
  std::vector<std::future<core::kafka::Delivery>> pending;
  pending.reserve(letters.size());
  for (const auto& letter : letters) {
    pending.push_back(
        producer_.produce(topic_, letter.key, letter.value, dead_letter_headers(letter, table)));
  }
  // Every future is waited for, even after a failure: the records already queued stay valid
  // DLQ entries, and a retry of the batch only duplicates them (at least once).
  std::optional<core::kafka::Delivery> failed;
  for (auto& delivery : pending) {
    auto result = delivery.get();
    if (!result.ok() && !failed) {
      failed = std::move(result);
    }
  }
  if (failed) {
    throw core::kafka::Error("produce to " + topic_, failed->error_message, failed->error);
  }
}

}  // namespace sink
