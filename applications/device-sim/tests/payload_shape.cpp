#include "payload_shape.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <vector>

namespace device_sim::testing {

std::string shape(const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::object: {
      std::vector<std::string> members;
      for (const auto& [key, member] : value.get_object()) {
        members.push_back("\"" + std::string(key) + "\": " + shape(member));
      }
      std::sort(members.begin(), members.end());
      std::string out = "{\n";
      for (const auto& member : members) {
        out += member + "\n";
      }
      return out + "}";
    }
    case boost::json::kind::array: {
      std::string out = "[";
      for (const auto& element : value.get_array()) {
        out += shape(element) + ",";
      }
      return out + "]";
    }
    case boost::json::kind::string:
      return "string";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
      return "integer";
    case boost::json::kind::double_:
      return "number";
    case boost::json::kind::bool_:
      return "bool";
    case boost::json::kind::null:
      return "null";
  }
  return "?";
}

boost::json::value fixture(const std::string& name) {
  std::ifstream in(std::string(DEVICE_FIXTURE_DIR) + "/" + name);
  if (!in) {
    throw std::runtime_error("fixture " + name + " not found in " DEVICE_FIXTURE_DIR);
  }
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return boost::json::parse(text);
}

}  // namespace device_sim::testing
