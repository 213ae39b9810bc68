#pragma once
// The score step: many locations (schools, squares, addresses) scored by what happened
// around them, ranked.
#include <set>
#include <string>

#include "hotspot/io/location_reader.hpp"
#include "hotspot/score/score.hpp"
#include "hotspot/step/step.hpp"

namespace hotspot::score {

struct ScoreStepConfig {
  io::IncidentSourceConfig incidents;
  io::LocationSourceConfig locations;
  step::FilterSpec filter;
  ScoreConfig score;  ///< radius_m and buffer_m
  std::string out, rejects, window, at, density, stats, config, places;
  std::string out_layer;        ///< the PostGIS table of a PG: output
  publish::Policy publication;  ///< --suppress-below, --internal
  std::set<std::string> given;
};

void declare(OptionSet& set, ScoreStepConfig& c);
void validate(const ScoreStepConfig& c, const step::Env& env);
void run(const ScoreStepConfig& c, step::Env& env);

}  // namespace hotspot::score
