#pragma once

#include <boost/asio/signal_set.hpp>
#include <chrono>
#include <memory>
#include <vector>

#include "core/http/server.hpp"
#include "stream_connection.hpp"

namespace bridge {

// On SIGTERM or SIGINT: every stream stops reading, finishes its deliveries in flight (until
// `timeout`), acknowledges them on MQTT and disconnects; then the HTTP server stops, which ends
// Server::run(). A second signal stops the server at once. `signals` must be on the server's
// io_context; everything must outlive run().
void stop_on_signals(boost::asio::signal_set& signals,
                     std::vector<std::unique_ptr<StreamConnection>>& streams,
                     core::http::Server& server, std::chrono::seconds timeout);

}  // namespace bridge
