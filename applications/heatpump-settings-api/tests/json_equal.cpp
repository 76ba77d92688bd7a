#include "json_equal.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace settings_test {
namespace {

bool same(const boost::json::value& a, const boost::json::value& b) {
  if (a.is_number() && b.is_number()) {
    return a.to_number<double>() == b.to_number<double>();
  }
  if (a.kind() != b.kind()) {
    return false;
  }
  if (a.is_object()) {
    const auto& x = a.get_object();
    const auto& y = b.get_object();
    if (x.size() != y.size()) {
      return false;
    }
    for (const auto& member : x) {
      const auto* other = y.if_contains(member.key());
      if (other == nullptr || !same(member.value(), *other)) {
        return false;
      }
    }
    return true;
  }
  if (a.is_array()) {
    const auto& x = a.get_array();
    const auto& y = b.get_array();
    if (x.size() != y.size()) {
      return false;
    }
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (!same(x[i], y[i])) {
        return false;
      }
    }
    return true;
  }
  return a == b;
}

}  // namespace

::testing::AssertionResult json_equal(const boost::json::value& actual, std::string_view expected) {
  const auto wanted = boost::json::parse(expected);
  if (same(actual, wanted)) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "\n  actual:   " << boost::json::serialize(actual)
                                       << "\n  expected: " << boost::json::serialize(wanted);
}

}  // namespace settings_test
