#include "settings_routes.hpp"

#include <boost/json/object.hpp>
#include <charconv>

#include "core/http/error.hpp"
#include "core/http/offload.hpp"
#include "json_output.hpp"
#include "patch_request.hpp"
#include "settings_store.hpp"

namespace settings_api {
namespace {

namespace asio = boost::asio;
using core::http::Error;
using core::http::Request;
using core::http::Response;
using core::http::Status;
using core::http::Verb;

constexpr int kDefaultLimit = 10;
constexpr int kMaxLimit = 100;

core::http::Route make_route(Verb method, std::string pattern, core::http::Handler handler,
                             std::string group) {
  return {method, std::move(pattern), std::move(group), std::move(handler)};
}

std::string device_id_of(const Request& request) {
  const auto id = request.path_param("device_id");
  if (!valid_device_id(id)) {
    throw Error(Status::bad_request,
                "invalid device id: expected 1..128 characters of A-Z a-z 0-9 _ . : -");
  }
  return std::string(id);
}

// A positive decimal integer that fits in 64 bits.
std::optional<std::int64_t> positive_integer(std::string_view text) {
  std::int64_t value = 0;
  if (text.empty() || text.front() == '+' || text.front() == '-') {
    return std::nullopt;
  }
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 1) {
    return std::nullopt;
  }
  return value;
}

int limit_of(const Request& request) {
  const auto text = request.query_param("limit");
  if (!text) {
    return kDefaultLimit;
  }
  const auto value = positive_integer(*text);
  if (!value || *value > kMaxLimit) {
    throw Error(Status::bad_request, "invalid 'limit': expected an integer in 1..100");
  }
  return static_cast<int>(*value);
}

// Runs `read` with a pooled connection on the blocking pool and answers what it returns.
template <typename Read>
asio::awaitable<Response> respond_read(RouteContext context, Read read) {
  co_return co_await core::http::offload(context.blocking, [&context, &read] {
    Response out;
    context.database.read([&out, &read](core::pg::Connection& conn) { out = read(conn); });
    return out;
  });
}

core::http::Route list_route(const RouteContext& context) {
  return make_route(
      Verb::get, "/api/v1/heatpump/settings",
      [context](Request&) -> asio::awaitable<Response> {
        co_return co_await respond_read(context, [](core::pg::Connection& conn) {
          return json_response(boost::json::object{{"settings", list_settings(conn)}});
        });
      },
      kReadGroup);
}

core::http::Route get_route(const RouteContext& context) {
  return make_route(
      Verb::get, "/api/v1/heatpump/settings/{device_id}",
      [context](Request& request) -> asio::awaitable<Response> {
        const auto id = device_id_of(request);
        co_return co_await respond_read(context, [&id](core::pg::Connection& conn) {
          auto setting = find_setting(conn, id);
          if (!setting) {
            throw Error(Status::not_found, "Device " + id + " not found");
          }
          return json_response(*setting);
        });
      },
      kReadGroup);
}

core::http::Route patch_route(const RouteContext& context) {
  return make_route(
      Verb::patch, "/api/v1/heatpump/settings/{device_id}",
      [context](Request& request) -> asio::awaitable<Response> {
        const auto id = device_id_of(request);
        const auto commands =
            parse_patch(request.header(core::http::Field::content_type), request.body());
        co_return co_await core::http::offload(context.blocking, [&] {
          boost::json::object updated;
          context.database.transaction([&](core::pg::Transaction& tx) {
            updated = apply_patch(tx, id, commands, context.outbox_max_retries);
          });
          auto response = json_response(updated, Status::accepted);
          response.set(core::http::Field::location,
                       "/api/v1/heatpump/settings/outbox/" +
                           std::to_string(updated.at("outbox_id").as_int64()));
          return response;
        });
      },
      kWriteGroup);
}

core::http::Route device_outbox_route(const RouteContext& context) {
  return make_route(
      Verb::get, "/api/v1/heatpump/settings/{device_id}/outbox",
      [context](Request& request) -> asio::awaitable<Response> {
        const auto id = device_id_of(request);
        const auto limit = limit_of(request);
        co_return co_await respond_read(context, [&id, limit](core::pg::Connection& conn) {
          return json_response(boost::json::object{{"data", device_outbox(conn, id, limit)}});
        });
      },
      kReadGroup);
}

core::http::Route outbox_status_route(const RouteContext& context) {
  return make_route(
      Verb::get, "/api/v1/heatpump/settings/outbox/{id}",
      [context](Request& request) -> asio::awaitable<Response> {
        const auto id = positive_integer(request.path_param("id"));
        if (!id) {
          throw Error(Status::bad_request, "invalid outbox id");
        }
        co_return co_await respond_read(context, [id](core::pg::Connection& conn) {
          auto status = outbox_status(conn, *id);
          if (!status) {
            throw Error(Status::not_found, "Outbox entry " + std::to_string(*id) + " not found");
          }
          return json_response(*status);
        });
      },
      kReadGroup);
}

// The original's health check: whether the database answers and the settings table exists, on
// a connection of its own with short timeouts, so that it reports the database's own error text.
core::http::Route health_route(const RouteContext& context) {
  return make_route(
      Verb::get, "/health",
      [context](Request&) -> asio::awaitable<Response> {
        co_return co_await core::http::offload(context.blocking, [&context] {
          bool connected = false;
          bool table_exists = false;
          std::optional<std::string> error;
          try {
            core::pg::Connection conn(context.conninfo + " connect_timeout=2");
            connected = true;
            conn.exec_script("SET statement_timeout = 2000");
            table_exists = conn.exec("SELECT to_regclass('settings') IS NOT NULL").boolean(0, 0);
            if (!table_exists) {
              error = "Settings table does not exist. Please run migrations.";
            }
          } catch (const std::exception& e) {
            error = std::string("Database error: ") + e.what();
          }
          boost::json::object database{{"connected", connected}, {"table_exists", table_exists}};
          if (error) {
            database["error"] = *error;
          }
          return json_response(boost::json::object{{"status", "ok"}, {"database", database}},
                               error ? Status::service_unavailable : Status::ok);
        });
      },
      std::string(core::http::kPublicGroup));
}

}  // namespace

core::auth::ScopePolicy route_scopes() {
  return {{kReadGroup, "read:settings"}, {kWriteGroup, "write:settings"}};
}

std::vector<core::http::Route> api_routes(const RouteContext& context) {
  return {health_route(context),        outbox_status_route(context), list_route(context),
          device_outbox_route(context), get_route(context),           patch_route(context)};
}

}  // namespace settings_api
