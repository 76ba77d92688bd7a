#pragma once

#include <memory>
#include <string_view>

#include "bridge_config.hpp"
#include "mapper.hpp"
#include "time_zone.hpp"

namespace bridge {

// The mappers a stream may name in its `mapper` setting. A new device type is a new mapper file,
// one row in the table of mapper_registry.cpp and a stream in the configuration.
bool is_known_mapper(std::string_view name);

// The mapper `stream.mapper` names, set up from the stream's settings; nullptr for an unknown name.
std::unique_ptr<const Mapper> make_mapper(const StreamConfig& stream,
                                          const std::shared_ptr<const TimeZone>& zone);

}  // namespace bridge
