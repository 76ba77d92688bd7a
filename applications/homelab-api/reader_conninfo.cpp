#include "reader_conninfo.hpp"

#include "core/pg/conninfo.hpp"

namespace homelab_api {

std::string reader_conninfo(const std::string& conninfo, std::chrono::seconds connect_timeout,
                            std::chrono::milliseconds statement_timeout) {
  return core::pg::service_conninfo(conninfo, "homelab-api", connect_timeout,
                                    "-c default_transaction_read_only=on -c jit=off "
                                    "-c plan_cache_mode=force_generic_plan "
                                    "-c statement_timeout=" +
                                        std::to_string(statement_timeout.count()));
}

}  // namespace homelab_api
