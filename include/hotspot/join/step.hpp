#pragma once
// The join step: incidents counted per area (buurten, wijken, named places, any polygons).
#include <set>
#include <string>
#include <vector>

#include "hotspot/io/area_reader.hpp"
#include "hotspot/join/join.hpp"
#include "hotspot/step/step.hpp"

namespace hotspot::join {

struct JoinStepConfig {
  io::IncidentSourceConfig incidents;
  io::AreaSourceConfig areas;
  std::vector<std::string> out;  ///< one file per format (.geojson, .csv, .gpkg)
  std::string rejects;
  std::string by;  ///< "", year or month
  std::string population_col;
  step::FilterSpec filter;
  std::string out_layer;        ///< the PostGIS table of a PG: output
  publish::Policy publication;  ///< --suppress-below, --internal
  std::set<std::string> given;
};

void declare(OptionSet& set, JoinStepConfig& c);
void validate(const JoinStepConfig& c, const step::Env& env);
void run(const JoinStepConfig& c, step::Env& env);

}  // namespace hotspot::join
