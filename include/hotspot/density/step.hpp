#pragma once
// The density step: a kernel density GeoTIFF and, optionally, hotspot areas drawn from it.
#include <set>
#include <string>

#include "hotspot/step/step.hpp"

namespace hotspot::density {

struct DensityConfig {
  io::IncidentSourceConfig incidents;
  step::FilterSpec filter;
  std::string out, rejects, kernel = "quartic", bandwidth, extent, mask, units = "km2", hotspots,
                            top, method = "auto";
  double bandwidth_m = 0, cell_m = 25, cutoff = 4, threshold = -1;
  std::string out_layer;        ///< the PostGIS table of a PG: output
  publish::Policy publication;  ///< --suppress-below, --internal
  std::set<std::string> given;
};

void declare(OptionSet& set, DensityConfig& c);
void validate(const DensityConfig& c, const step::Env& env);
void run(const DensityConfig& c, step::Env& env);

}  // namespace hotspot::density
