#pragma once

#include <string>

#include "row_mapping.hpp"

namespace sink {

// Appends `row` to `out` as one line of COPY's text format: tab-separated columns, \N for NULL,
// and backslash escapes for backslash, tab, newline and carriage return.
void append_copy_line(std::string& out, const Row& row);

}  // namespace sink
