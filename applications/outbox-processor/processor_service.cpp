#include "processor_service.hpp"

#include <spdlog/spdlog.h>

#include <thread>

#include "core/pg/connection.hpp"
#include "settings_common/telemetry_consumer.hpp"

namespace outbox {
namespace {

core::http::Options http_options(const ProcessorConfig& config) {
  core::http::Options options;
  options.address = config.http_address;
  options.port = config.http_port;
  options.blocking_threads = 1;
  return options;
}

bool database_ready(const std::string& conninfo) {
  core::pg::Connection conn(conninfo + " connect_timeout=2");
  conn.exec_script("SET statement_timeout = 2000");
  return conn.exec("SELECT 1").rows() == 1;
}

}  // namespace

ProcessorService::ProcessorService(ProcessorConfig config)
    : config_(std::move(config)),
      metrics_(registry_),
      publisher_(config_.mqtt, config_.publish_timeout),
      worker_(config_, publisher_, metrics_),
      confirmation_(config_.database_conninfo, metrics_),
      server_(http_options(config_), registry_) {
  server_.add_readiness_check(
      "database", [conninfo = config_.database_conninfo] { return database_ready(conninfo); });
  server_.add_readiness_check("mqtt", [this] { return publisher_.connected(); });
}

bool ProcessorService::run() {
  publisher_.start();
  {
    std::jthread worker([this](const std::stop_token& stop) { worker_.run(stop); });
    std::jthread consumer([this](const std::stop_token& stop) {
      try {
        settings_common::TelemetryConsumer telemetry(
            config_.kafka,
            [this](const core::kafka::Message& record) { confirmation_.handle(record.value); },
            [](const std::exception& e, std::chrono::milliseconds delay) {
              spdlog::warn("confirmation: cannot handle a record, retrying in {} ms: {}",
                           delay.count(), e.what());
            });
        telemetry.run(stop);
      } catch (const std::exception& e) {
        spdlog::critical("confirmation consumer: {}; stopping the processor", e.what());
        failed_ = true;
        server_.stop();
      }
    });
    server_.run();
  }
  spdlog::info("stopped");
  return !failed_;
}

}  // namespace outbox
