#include "mode.hpp"

namespace migrate {

std::string_view mode_name(Mode mode) {
  return mode == Mode::timescaledb ? "TimescaleDB" : "plain PostgreSQL";
}

bool timescaledb_installed(core::pg::Connection& conn) {
  return conn.exec("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')")
      .boolean(0, 0);
}

bool timescaledb_available(core::pg::Connection& conn) {
  return conn
      .exec("SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb')")
      .boolean(0, 0);
}

Mode detect_mode(core::pg::Connection& conn, bool first_migration) {
  if (timescaledb_installed(conn)) {
    return Mode::timescaledb;
  }
  return first_migration && timescaledb_available(conn) ? Mode::timescaledb : Mode::plain;
}

}  // namespace migrate
