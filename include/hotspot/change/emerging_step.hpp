#pragma once
// hotspot emerging: where hot spots are new, growing, persistent or fading.
#include <set>
#include <string>
#include <vector>

#include "hotspot/step/step.hpp"
#include "hotspot/change/emerging.hpp"
#include "hotspot/io/area_reader.hpp"

namespace hotspot::change {

struct EmergingStepConfig {
  io::IncidentSourceConfig inc;
  step::FilterSpec filter;
  change::EmergingConfig ec;
  std::string extent, mask, bin = "year", out, rejects;
  std::string out_layer;
  publish::Policy publication;  ///< --suppress-below, --internal
  std::set<std::string> given;
};

void declare(OptionSet& set, EmergingStepConfig& c);
void validate(const EmergingStepConfig& c, const step::Env& env);
void run(const EmergingStepConfig& c, step::Env& env);

}  // namespace hotspot::change
