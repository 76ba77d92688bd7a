#include "mapper_registry.hpp"

#include <algorithm>
#include <array>

#include "saveeye_mapper.hpp"
#include "shelly_mapper.hpp"
#include "thermiq_mapper.hpp"

namespace bridge {
namespace {

using Factory = std::unique_ptr<const Mapper> (*)(const StreamConfig&,
                                                  const std::shared_ptr<const TimeZone>&);

struct Entry {
  std::string_view name;
  Factory make;
};

constexpr std::array<Entry, 3> mappers{{
    {"saveeye",
     [](const StreamConfig& /*stream*/, const std::shared_ptr<const TimeZone>& zone)
         -> std::unique_ptr<const Mapper> { return std::make_unique<SaveEyeMapper>(zone); }},
    {"shelly",
     [](const StreamConfig& stream,
        const std::shared_ptr<const TimeZone>& /*zone*/) -> std::unique_ptr<const Mapper> {
       return std::make_unique<ShellyMapper>(stream.locations);
     }},
    {"thermiq",
     [](const StreamConfig& /*stream*/, const std::shared_ptr<const TimeZone>& /*zone*/)
         -> std::unique_ptr<const Mapper> { return std::make_unique<ThermiqMapper>(); }},
}};

const Entry* find(std::string_view name) {
  const auto* const entry =
      std::find_if(mappers.begin(), mappers.end(), [&](const Entry& e) { return e.name == name; });
  return entry == mappers.end() ? nullptr : &*entry;
}

}  // namespace

bool is_known_mapper(std::string_view name) {
  return find(name) != nullptr;
}

std::unique_ptr<const Mapper> make_mapper(const StreamConfig& stream,
                                          const std::shared_ptr<const TimeZone>& zone) {
  const auto* entry = find(stream.mapper);
  return entry == nullptr ? nullptr : entry->make(stream, zone);
}

}  // namespace bridge
