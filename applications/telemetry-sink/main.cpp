// telemetry-sink: Kafka stream topics -> the raw tables of the telemetry database, one consumer
// group per table family, batched and idempotent, offsets committed after the database commit
// (contracts/kafka.md sections 6 and 7, contracts/database.md sections 2 and 6).
#include <librdkafka/rdkafkacpp.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>

#include "core/http/server.hpp"
#include "core/kafka/producer.hpp"
#include "core/log/logging.hpp"
#include "dead_letter_writer.hpp"
#include "family_consumer.hpp"
#include "maintenance.hpp"
#include "readiness_probes.hpp"
#include "sink_config.hpp"
#include "sink_metrics.hpp"

namespace {

constexpr auto kSettingsHelp = R"(Settings (environment, or the YAML file's dotted keys):
  DATABASE_URL / DATABASE_URL_FILE   libpq connection string or URI (required, secret)
  KAFKA_BOOTSTRAP_SERVERS            host:port[,host:port] (required)
  HTTP_ADDRESS, HTTP_PORT            /healthz, /readyz, /metrics (0.0.0.0, 8080)
  LOG_FORMAT, LOG_LEVEL              auto|json|text, info
  BATCH_MAX_RECORDS, BATCH_MAX_WAIT_MS                  500, 500
  RETRY_INITIAL_BACKOFF_MS, RETRY_MAX_BACKOFF_MS        1000, 30000
  FAMILIES                           energy,temperature,heatpump
  ENERGY_TOPIC, ENERGY_GROUP_ID      (likewise TEMPERATURE_*, HEATPUMP_*)
  ENERGY_PREFETCH_KBYTES, ENERGY_FETCH_WAKEUP_MS        16384, 250 (others 1024, 0)
  KAFKA_SESSION_TIMEOUT_MS, DLQ_TOPIC                   10000, homelab-dlq
  RETENTION_DAYS, RETENTION_INTERVAL_SECONDS, RETENTION_BATCH_ROWS   90, 3600, 10000)";

constexpr std::chrono::milliseconds kReadinessTimeout{2000};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Stores the platform's Kafka telemetry in PostgreSQL/TimescaleDB.",
               "telemetry-sink"};
  std::string config_file;
  app.add_option("--config", config_file, "YAML settings file; the environment overrides it")
      ->envname("CONFIG_FILE");
  app.set_version_flag("--version", std::string("telemetry-sink ") + K12N_VERSION +
                                        " (librdkafka " + RdKafka::version_str() + ")");
  app.footer(kSettingsHelp);
  CLI11_PARSE(app, argc, argv);

  core::config::Reader reader(config_file);
  const auto config = sink::read_sink_config(reader);
  try {
    reader.finish();
  } catch (const core::config::ConfigError& e) {
    std::cerr << "telemetry-sink: " << e.what() << "\n";
    return 2;
  }
  core::log::init({"telemetry-sink", config.log_format, config.log_level});

  try {
    core::metrics::Registry registry;
    sink::SinkMetrics metrics(registry);
    core::http::Options http;
    http.address = config.http_address;
    http.port = config.http_port;
    http.blocking_threads = 1;
    core::http::Server server(http, registry);
    const auto probe_conninfo = config.database_url + " connect_timeout=2";
    server.add_readiness_check("database",
                               [&] { return sink::database_reachable(probe_conninfo); });
    server.add_readiness_check("kafka", [&] {
      return sink::kafka_reachable(config.kafka_bootstrap_servers, kReadinessTimeout);
    });

    core::kafka::Producer producer(
        {{"bootstrap.servers", config.kafka_bootstrap_servers}, {"client.id", "telemetry-sink"}});
    sink::DeadLetterWriter dlq(producer, config.dlq_topic);

    std::vector<std::unique_ptr<sink::FamilyConsumer>> consumers;
    std::vector<const sink::TableSpec*> tables;
    for (const auto& family : config.families) {
      consumers.push_back(std::make_unique<sink::FamilyConsumer>(
          config, family, dlq,
          metrics.family(std::string(family.spec->name), std::string(family.spec->table.name))));
      tables.push_back(&family.spec->table);
    }
    sink::Maintenance maintenance(config.database_url, config.retention, tables, metrics);

    std::atomic<bool> failed = false;
    {
      std::vector<std::jthread> threads;
      threads.reserve(consumers.size() + 1);
      for (auto& consumer : consumers) {
        threads.emplace_back([&server, &failed, &consumer](const std::stop_token& stop) {
          try {
            consumer->run(stop);
          } catch (const std::exception& e) {
            spdlog::critical("{}; stopping the sink", e.what());
            failed = true;
            server.stop();
          }
        });
      }
      threads.emplace_back([&maintenance](const std::stop_token& stop) { maintenance.run(stop); });
      server.stop_on_signals();
      server.run();
      // Every family finishes and commits its current batch in parallel, then leaves its group.
      for (auto& thread : threads) {
        thread.request_stop();
      }
    }
    spdlog::info("stopped");
    return failed ? 1 : 0;
  } catch (const std::exception& e) {
    spdlog::critical("{}", e.what());
    return 1;
  }
}
