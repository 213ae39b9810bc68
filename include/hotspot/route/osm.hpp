#pragma once
// OpenStreetMap road networks (libosmium; in route/, as it builds the route graph): ways tagged
// `highway`, in the working CRS. Walking and cycling use every road but motorways and ignore
// one-way tags; cars use roads open to cars and respect `oneway`.
#include <string>

#include "hotspot/route/network.hpp"
#include "hotspot/core/working_crs.hpp"

namespace hotspot::route {

enum class TravelMode { Walk, Bike, Car };

/// @throws Error(InputMissing/InputFormat) for a missing or unreadable file or no roads.
RoadGraph read_osm_roads(const std::string& path, TravelMode mode,
                         const std::string& working_crs = kDefaultWorkingCrs);

}  // namespace hotspot::route
