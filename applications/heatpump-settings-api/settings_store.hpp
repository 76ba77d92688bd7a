#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/pg/connection.hpp"
#include "core/pg/transaction.hpp"
#include "settings_common/fields.hpp"

namespace settings_api {

// The SQL of the endpoints (settings-api.md section 2) and the JSON shapes of their answers.
// Instants leave the database as microseconds since the epoch and are written as RFC 3339 UTC.

// Every Setting, ordered by device_id.
boost::json::array list_settings(core::pg::Connection& conn);
// One Setting, nullopt for an unknown device.
std::optional<boost::json::object> find_setting(core::pg::Connection& conn,
                                                const std::string& device_id);

// The PATCH transaction (section 3): locks the device's row, writes the sent fields and
// updated_at, checks curve_min <= curve_max on the result, inserts the pending outbox row (whose
// trigger notifies outbox_pending) and commits. Returns the updated Setting with outbox_id and
// outbox_status. Throws core::http::Error 404 for an unknown device and 400 for the cross-field
// rule, rolling back.
boost::json::object apply_patch(core::pg::Transaction& tx, const std::string& device_id,
                                const std::vector<settings_common::Command>& commands,
                                int max_retries);

// A device's OutboxEntries, newest first, at most `limit`.
boost::json::array device_outbox(core::pg::Connection& conn, const std::string& device_id,
                                 int limit);
// One OutboxStatus, nullopt for an unknown id.
std::optional<boost::json::object> outbox_status(core::pg::Connection& conn, std::int64_t id);

}  // namespace settings_api
