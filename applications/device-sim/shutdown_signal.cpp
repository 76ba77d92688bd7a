#include "shutdown_signal.hpp"

#include <pthread.h>

#include <csignal>

namespace device_sim {
namespace {

// SIGUSR1 only wakes the watcher for the destructor.
constexpr int kWake = SIGUSR1;

sigset_t watched_set() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, kWake);
  return set;
}

}  // namespace

ShutdownSignal::ShutdownSignal(std::function<void(int)> on_signal)
    : on_signal_(std::move(on_signal)) {
  auto blocked = watched_set();
  sigaddset(&blocked, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &blocked, nullptr);
  watcher_ = std::thread([this] {
    const auto set = watched_set();
    for (;;) {
      int signal_number = 0;
      sigwait(&set, &signal_number);
      if (closing_) {
        return;
      }
      if (signal_number != kWake) {
        on_signal_(signal_number);
        return;
      }
    }
  });
}

ShutdownSignal::~ShutdownSignal() {
  closing_ = true;
  // The watcher may have returned already after a shutdown signal; it is joinable until joined.
  pthread_kill(watcher_.native_handle(), kWake);
  watcher_.join();
}

}  // namespace device_sim
