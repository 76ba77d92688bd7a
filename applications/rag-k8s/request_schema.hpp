#pragma once

#include <boost/json/object.hpp>

namespace rag {

// JSON Schema of the request (section 1), the input schema of the MCP tools k8s_exec and k8s_plan.
boost::json::object request_schema();

}  // namespace rag
