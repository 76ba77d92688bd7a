#pragma once

#include <string_view>

namespace homelab_api {

// openapi.json of this folder, compiled in (openapi_document.cpp.in), so the binary serves the
// document it was built with. Tests compare it with the routes the service adds.
std::string_view openapi_document();

}  // namespace homelab_api
