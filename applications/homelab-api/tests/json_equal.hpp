#pragma once

#include <gtest/gtest.h>

#include <boost/json/value.hpp>
#include <string_view>

namespace api_test {

// JSON equality as a client sees it: numbers compare by value (0 equals 0.0, -3 equals -3.0),
// objects by members regardless of order. The message shows both documents.
::testing::AssertionResult json_equal(const boost::json::value& actual, std::string_view expected);

}  // namespace api_test
