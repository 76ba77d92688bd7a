#pragma once

#include <boost/json/value.hpp>
#include <string>

namespace device_sim::testing {

// The structure of a JSON value as text: members of objects sorted by name and recursively,
// array elements, and the kind of each scalar (string, integer, number, bool, null). Integers
// compare equal whatever their sign; 21 and 21.0 do not. Comparing two shapes compares
// structure, not values, and a mismatch shows as a readable diff.
std::string shape(const boost::json::value& value);

// A payload fixture of contracts/fixtures, parsed.
boost::json::value fixture(const std::string& name);

}  // namespace device_sim::testing
