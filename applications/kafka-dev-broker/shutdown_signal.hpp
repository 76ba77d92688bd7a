#pragma once

namespace kafka_dev_broker {

// Blocks SIGINT and SIGTERM (and SIGPIPE, so a client hanging up cannot kill the process) in
// the calling thread and every thread started after it. Call before librdkafka starts threads,
// so that only wait_for_shutdown_signal() ever sees the signals.
void block_shutdown_signals();
// Waits for SIGINT or SIGTERM and returns its number.
int wait_for_shutdown_signal();

}  // namespace kafka_dev_broker
