#pragma once
// Locations to score (stage `io.locations`): addresses, premises, squares. CSV with
// coordinate columns (points), or any OGR source with points or polygons. Their own
// attributes are kept; rows that cannot be used go to the rejects sink.
#include <string>

#include "hotspot/core/rejects.hpp"
#include "hotspot/core/run_context.hpp"
#include "hotspot/geom/table.hpp"
#include "hotspot/core/working_crs.hpp"

namespace hotspot::io {

struct LocationSourceConfig {
  std::string path, layer, crs;
  std::string x_col, y_col, lon_col, lat_col;
  std::string working_crs = kDefaultWorkingCrs;
};

struct LocationStats {
  std::uint64_t read = 0, rejected = 0;
};

/// Every row of the table has a (Multi)Point or (Multi)Polygon in the working CRS.
/// @throws Error for fatal problems.
Table read_locations(const LocationSourceConfig& cfg, RejectsSink& rejects, LocationStats& st,
                     RunContext& ctx);

}  // namespace hotspot::io
