#pragma once

#include <gtest/gtest.h>

#include <boost/json/value.hpp>
#include <string_view>

namespace settings_test {

// JSON equality as a client sees it: numbers compare by value (21 equals 21.0), objects by
// members regardless of order. The message shows both documents.
::testing::AssertionResult json_equal(const boost::json::value& actual, std::string_view expected);

}  // namespace settings_test
