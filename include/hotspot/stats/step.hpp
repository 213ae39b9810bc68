#pragma once
// The stats step: Getis-Ord Gi* or Local Moran's I on a grid (square or hexagonal) or on areas,
// with the global statistics in <out>.summary.json.
#include <cstdint>
#include <set>
#include <string>

#include "hotspot/step/step.hpp"

namespace hotspot::stats {

struct StatsConfig {
  io::IncidentSourceConfig incidents;
  step::FilterSpec filter;
  io::AreaSourceConfig areas;
  std::string out, rejects, extent, mask, method, weights, style, value_col, per_col;
  double grid_m = 0, fdr = 0.05;
  bool hex = false;
  int permutations = 999;
  std::uint64_t seed = 12345;
  std::string out_layer;        ///< the PostGIS table of a PG: output
  publish::Policy publication;  ///< --suppress-below, --internal
  std::set<std::string> given;
};

void declare(OptionSet& set, StatsConfig& c);
void validate(const StatsConfig& c, const step::Env& env);
void run(const StatsConfig& c, step::Env& env);

}  // namespace hotspot::stats
