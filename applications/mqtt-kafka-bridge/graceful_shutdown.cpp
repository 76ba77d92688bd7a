#include "graceful_shutdown.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <csignal>
#include <cstring>

namespace bridge {
namespace {

void on_second_signal(boost::asio::signal_set& signals, core::http::Server& server) {
  signals.async_wait([&server](const boost::system::error_code& ec, int signal_number) {
    if (!ec) {
      spdlog::warn("received SIG{} again, stopping without waiting", sigabbrev_np(signal_number));
      server.stop();
    }
  });
}

}  // namespace

void stop_on_signals(boost::asio::signal_set& signals,
                     std::vector<std::unique_ptr<StreamConnection>>& streams,
                     core::http::Server& server, std::chrono::seconds timeout) {
  signals.async_wait([&signals, &streams, &server, timeout](const boost::system::error_code& ec,
                                                            int signal_number) {
    if (ec) {
      return;
    }
    spdlog::info("received SIG{}, stopping: finishing the messages in flight (up to {} s)",
                 sigabbrev_np(signal_number), timeout.count());
    on_second_signal(signals, server);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    // The streams drain in parallel; the last one to finish stops the server.
    auto remaining = std::make_shared<std::atomic<std::size_t>>(streams.size());
    for (auto& stream : streams) {
      boost::asio::co_spawn(server.context(), stream->stop(deadline),
                            [remaining, &server](const std::exception_ptr&) {
                              if (--*remaining == 0) {
                                server.stop();
                              }
                            });
    }
  });
}

}  // namespace bridge
