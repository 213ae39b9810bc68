#pragma once
// hotspot opendata: the police's figures per wijk and buurt on the area polygons.
#include <set>
#include <string>
#include <vector>

#include "hotspot/step/step.hpp"
#include "hotspot/io/area_reader.hpp"

namespace hotspot::io {

struct OpenDataStepConfig {
  std::string file, out;
  io::AreaSourceConfig areas;
  std::vector<std::string> crimes, periods;
  std::string out_layer;
  publish::Policy publication;  ///< --suppress-below, --internal (open figures: as published)
  std::set<std::string> given;
};

void declare(OptionSet& set, OpenDataStepConfig& c);
void validate(const OpenDataStepConfig& c, const step::Env& env);
void run(const OpenDataStepConfig& c, step::Env& env);

}  // namespace hotspot::io
