#include "api_fixture.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <stdexcept>

#include "core/time/rfc3339.hpp"
#include "reader_conninfo.hpp"
#include "testing/migrate.hpp"

namespace api_test {

void ApiFixture::SetUp() {
  testing_support::migrate(K12N_HOMELAB_MIGRATE, std::string(K12N_DB_DIR) + "/telemetry",
                           db_.name(), {"--time-zone", "Europe/Stockholm"});
  admin_ = std::make_unique<core::pg::Connection>(db_.conninfo());
  admin_->exec_script("SET TIME ZONE 'UTC'");
  writer_ = std::make_unique<core::pg::Connection>(
      testing_support::role_conninfo("K12N_TELEMETRY_WRITER_DSN", db_.name()));
  set_now(kExampleNow);
  start_api(default_config());
}

homelab_api::ApiConfig ApiFixture::default_config() const {
  homelab_api::ApiConfig config;
  config.address = "127.0.0.1";
  config.port = 0;
  config.pool_size = 4;
  config.auth.mode = core::auth::Mode::none;
  config.database_conninfo = homelab_api::reader_conninfo(
      testing_support::role_conninfo("K12N_TELEMETRY_READER_DSN", db_.name()),
      std::chrono::seconds(5), std::chrono::seconds(30));
  return config;
}

void ApiFixture::start_api(const homelab_api::ApiConfig& config) {
  stop_api();
  service_ = std::make_unique<homelab_api::ApiService>(config, [this] {
    return core::time::TimePoint(std::chrono::microseconds(now_micros_.load()));
  });
  serving_ = std::jthread([this] { service_->run(); });
}

void ApiFixture::stop_api() {
  if (serving_.joinable()) {
    service_->stop();
    serving_.join();
  }
}

void ApiFixture::run_on_pool(homelab_api::TelemetryDatabase::Work work) {
  boost::asio::co_spawn(service_->context(), service_->database().run(std::move(work)),
                        boost::asio::use_future)
      .get();
}

HttpResponse ApiFixture::get(const std::string& target) {
  auto response = http_get(port(), target);
  const auto path = target.substr(0, target.find('?'));
  if (openapi_.documents(path) &&
      response[boost::beast::http::field::content_type].starts_with("application/json")) {
    const auto problems =
        openapi_.check_response(path, response.result_int(), boost::json::parse(response.body()));
    for (const auto& problem : problems) {
      ADD_FAILURE() << target << ": " << problem << "\n  body: " << response.body();
    }
  }
  return response;
}

boost::json::value ApiFixture::get_json(const std::string& target, unsigned status) {
  const auto response = get(target);
  EXPECT_EQ(response.result_int(), status) << target << ": " << response.body();
  return boost::json::parse(response.body());
}

void ApiFixture::insert(const std::string& table, const std::string& columns,
                        const std::vector<std::string>& rows) {
  std::string values;
  for (const auto& row : rows) {
    values += (values.empty() ? "" : ", ") + row;
  }
  writer_->exec("INSERT INTO " + table + " (" + columns + ") VALUES " + values +
                " ON CONFLICT DO NOTHING");
}

void ApiFixture::set_now(std::string_view rfc3339) {
  const auto parsed = core::time::parse_rfc3339(rfc3339);
  if (!parsed) {
    throw std::invalid_argument("not RFC 3339: " + std::string(rfc3339));
  }
  now_micros_ = parsed->time_since_epoch().count();
}

}  // namespace api_test
