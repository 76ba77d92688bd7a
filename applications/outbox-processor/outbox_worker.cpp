#include "outbox_worker.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>
#include <thread>

#include "core/pg/transaction.hpp"
#include "outbox_rules.hpp"

namespace outbox {
namespace {

// Wait slices, so that a stop request is noticed promptly.
constexpr std::chrono::milliseconds kSlice{200};
constexpr std::chrono::milliseconds kMinBackoff{500};
constexpr std::chrono::milliseconds kMaxBackoff{30'000};

// The oldest eligible row (section 4.1): pending, due, and no older pending row of its device.
constexpr const char* kClaim = R"(
SELECT o.id, o.aggregate_id, o.payload::text, o.retry_count, o.max_retries
FROM outbox o
WHERE o.status = 'pending'
  AND o.aggregate_type = 'heatpump_setting'
  AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= clock_timestamp())
  AND NOT EXISTS (SELECT 1 FROM outbox older
                  WHERE older.aggregate_type = o.aggregate_type
                    AND older.aggregate_id = o.aggregate_id
                    AND older.status = 'pending'
                    AND older.id < o.id)
ORDER BY o.id
LIMIT 1
FOR UPDATE OF o SKIP LOCKED)";

// pending -> published, once every message was acknowledged.
constexpr const char* kMarkPublished = R"(
UPDATE outbox SET status = 'published', published_at = clock_timestamp(), error_message = NULL
WHERE id = $1 AND status = 'pending')";

// A failed attempt: back to pending with backoff, or failed after max_retries attempts. On the
// right-hand side retry_count is still the old value, so retry_count + 1 is the new one.
constexpr const char* kPublishFailed = R"(
UPDATE outbox SET
  retry_count = retry_count + 1,
  status = CASE WHEN retry_count + 1 >= max_retries THEN 'failed' ELSE 'pending' END,
  error_message = CASE WHEN retry_count + 1 >= max_retries
                       THEN 'publish failed after ' || (retry_count + 1) || ' attempts: ' || $2
                       ELSE 'publish failed: ' || $2 END,
  next_attempt_at = CASE WHEN retry_count + 1 >= max_retries THEN next_attempt_at
                         ELSE clock_timestamp() + make_interval(secs => $3::float8 * 2 ^ (retry_count + 1))
                    END
WHERE id = $1 AND status = 'pending'
RETURNING status)";

// A row that cannot be a command (written by something other than the settings API).
constexpr const char* kInvalidPayload = R"(
UPDATE outbox SET status = 'failed', error_message = $2 WHERE id = $1 AND status = 'pending')";

// Published rows whose confirmation timed out, with the device's last report, if any arrived
// after the publish.
constexpr const char* kTimedOut = R"(
SELECT o.id, o.payload::text, r.reported::text
FROM outbox o
LEFT JOIN device_reports r ON r.device_id = o.aggregate_id AND r.received_at > o.published_at
WHERE o.status = 'published'
  AND o.aggregate_type = 'heatpump_setting'
  AND o.published_at < clock_timestamp() - make_interval(secs => $1::float8)
ORDER BY o.id)";

constexpr const char* kFailTimedOut = R"(
UPDATE outbox SET status = 'failed', error_message = $2 WHERE id = $1 AND status = 'published')";

double seconds(std::chrono::milliseconds duration) {
  return std::chrono::duration<double>(duration).count();
}

}  // namespace

OutboxWorker::OutboxWorker(const ProcessorConfig& config, Publisher& publisher,
                           ProcessorMetrics& metrics)
    : config_(config), publisher_(publisher), metrics_(metrics) {}

void OutboxWorker::run(const std::stop_token& stop) {
  auto backoff = kMinBackoff;
  while (!stop.stop_requested()) {
    try {
      serve(stop);
      return;
    } catch (const std::exception& e) {
      spdlog::warn("outbox: {}; reconnecting in {} ms", e.what(), backoff.count());
    }
    const auto until = std::chrono::steady_clock::now() + backoff;
    while (!stop.stop_requested() && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(kSlice);
    }
    backoff = std::min(backoff * 2, kMaxBackoff);
  }
}

void OutboxWorker::serve(const std::stop_token& stop) {
  core::pg::Connection listener(config_.database_conninfo);
  listener.listen("outbox_pending");
  core::pg::Connection work(config_.database_conninfo);
  spdlog::info("outbox: listening on outbox_pending, polling every {}",
               seconds_text(config_.poll_interval));
  while (!stop.stop_requested()) {
    // Every wake-up, notification or poll, looks at the whole table: a notification only says
    // that something changed.
    while (!stop.stop_requested() && process_one(work)) {
    }
    sweep(work);
    (wait_for_work(listener, stop) ? metrics_.woken_by_notification : metrics_.woken_by_poll)
        .Increment();
  }
}

bool OutboxWorker::wait_for_work(core::pg::Connection& listener, const std::stop_token& stop) {
  const auto deadline = std::chrono::steady_clock::now() + config_.poll_interval;
  while (!stop.stop_requested()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return false;
    }
    if (listener.wait_notification(std::min(left, kSlice))) {
      // Several commits may have notified at once; one pass serves them all.
      while (listener.wait_notification(std::chrono::milliseconds(0))) {
      }
      return true;
    }
    // A connection that died while idle is only noticed by using it.
    if (!listener.healthy()) {
      throw std::runtime_error("the LISTEN connection was lost");
    }
  }
  return false;
}

bool OutboxWorker::process_one(core::pg::Connection& conn) {
  core::pg::Transaction tx(conn);
  const auto row = conn.exec_prepared(kClaim);
  if (row.rows() == 0) {
    tx.commit();
    return false;
  }
  const auto id = row.integer(0, 0);
  const std::string device(row.text(0, 1));
  std::vector<Command> commands;
  try {
    commands = settings_common::parse_payload(row.text(0, 2));
  } catch (const std::invalid_argument& e) {
    spdlog::error("outbox {}: {}; failing it", id, e.what());
    conn.exec_prepared(kInvalidPayload, {id, std::string("invalid payload: ") + e.what()});
    tx.commit();
    metrics_.transition("failed").Increment();
    return true;
  }

  std::string failure;
  for (const auto& command : commands) {
    const auto message = settings_common::write_message(command);
    try {
      publisher_.publish(config_.write_topic, message);
      metrics_.messages_published.Increment();
      spdlog::info("outbox {}: published {} to {} for {}", id, message, config_.write_topic,
                   device);
    } catch (const std::exception& e) {
      failure = e.what();
      break;
    }
  }

  if (!failure.empty()) {
    metrics_.publish_failures.Increment();
    const auto outcome =
        conn.exec_prepared(kPublishFailed, {id, failure, seconds(config_.retry_delay)});
    tx.commit();
    const bool failed = outcome.rows() == 1 && outcome.text(0, 0) == "failed";
    metrics_.transition(failed ? "failed" : "retry").Increment();
    spdlog::warn("outbox {}: publish failed ({}): {}", id,
                 failed ? "no attempts left, failed" : "will retry", failure);
    return true;
  }
  if (config_.delay_after_publish.count() > 0) {
    spdlog::warn("outbox {}: fault injection: holding the claim {} ms after the last PUBACK", id,
                 config_.delay_after_publish.count());
    std::this_thread::sleep_for(config_.delay_after_publish);
  }
  conn.exec_prepared(kMarkPublished, {id});
  tx.commit();
  metrics_.transition("published").Increment();
  return true;
}

void OutboxWorker::sweep(core::pg::Connection& conn) {
  const auto timed_out = conn.exec_prepared(kTimedOut, {seconds(config_.confirm_timeout)});
  for (int i = 0; i < timed_out.rows(); ++i) {
    const auto id = timed_out.integer(i, 0);
    std::string reason;
    try {
      const auto commands = settings_common::parse_payload(timed_out.text(i, 1));
      std::optional<Reported> reported;
      if (!timed_out.is_null(i, 2)) {
        reported = reported_from_json(timed_out.text(i, 2));
      }
      reason = timeout_reason(config_.confirm_timeout, commands, reported);
    } catch (const std::invalid_argument& e) {
      reason = "not confirmed within " + seconds_text(config_.confirm_timeout);
    }
    if (conn.exec_prepared(kFailTimedOut, {id, reason}).affected() == 1) {
      metrics_.transition("failed").Increment();
      spdlog::warn("outbox {}: failed: {}", id, reason);
    }
  }
  const auto counts = conn.exec_prepared("SELECT status, count(*) FROM outbox GROUP BY status");
  for (const auto* status : {"pending", "published", "confirmed", "failed"}) {
    double count = 0;
    for (int i = 0; i < counts.rows(); ++i) {
      if (counts.text(i, 0) == status) {
        count = static_cast<double>(counts.integer(i, 1));
      }
    }
    metrics_.rows(status).Set(count);
  }
}

}  // namespace outbox
