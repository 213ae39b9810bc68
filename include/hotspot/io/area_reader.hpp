#pragma once
// Area layers (stage `io.areas`): CBS buurten/wijken, named locations, any polygon layer OGR
// reads, including the national CBS/PDOK `wijkenbuurten` GeoPackage as published (choose
// the layer with `layer`, narrow it with an attribute filter such as
// "gemeentecode = 'GM0150'"). Geometries come out valid, in the working CRS.
#include <string>

#include "hotspot/core/run_context.hpp"
#include "hotspot/geom/table.hpp"
#include "hotspot/crs/transform.hpp"
#include "hotspot/core/working_crs.hpp"

namespace hotspot::io {

struct AreaSourceConfig {
  std::string path;
  std::string layer;  ///< empty: the only polygon layer (an error names them if several)
  std::string where;  ///< OGR SQL attribute filter; empty = all features
  std::string crs;    ///< override for a layer without (or with a wrong) CRS
  std::string working_crs = kDefaultWorkingCrs;
};

/// @throws Error: missing file, no polygon layer, several and none chosen, no features.
AreaLayer read_areas(const AreaSourceConfig& cfg, RunContext& ctx);

/// Transform every vertex of `g` in place. Returns false if any vertex failed.
bool transform_geometry(OGRGeometry& g, const crs::Transform& tf);

}  // namespace hotspot::io
