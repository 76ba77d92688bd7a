#pragma once

#include <chrono>
#include <string>

namespace core::pg {

// Rebuilds a libpq connection string (keyword/value or URI form) as a keyword/value string that
// points at `dbname` and keeps every other setting. Throws std::invalid_argument when libpq
// cannot parse `conninfo`.
std::string with_database(const std::string& conninfo, const std::string& dbname);

// The operator's libpq connection string (keyword/value or URI form) in keyword/value form, with
// `connect_timeout` (so a server that drops packets cannot hang a reconnect), TCP keepalives (a
// vanished server is noticed within a minute instead of hours), `application_name` and
// `gssencmode=disable` (no Kerberos in the platform) wherever the string does not set them. `forced_options` (for example
// "-c default_transaction_read_only=on") is appended to the startup options after any the
// operator gave, so the server applies it last. Throws std::invalid_argument when libpq cannot
// parse the string; the message never quotes it, because it holds the password.
std::string service_conninfo(const std::string& conninfo, const std::string& application_name,
                             std::chrono::seconds connect_timeout,
                             const std::string& forced_options = {});

}  // namespace core::pg
