#pragma once
// hotspot evaluate: which hot spot method would have predicted next period's incidents.
#include <set>
#include <string>
#include <vector>

#include "hotspot/step/step.hpp"
#include "hotspot/change/evaluate.hpp"
#include "hotspot/io/area_reader.hpp"

namespace hotspot::change {

struct EvaluateStepConfig {
  io::IncidentSourceConfig inc;
  step::FilterSpec filter;
  change::EvaluateConfig ec;
  double grid_m = 250;
  std::string extent, mask, by = "year", out, rejects, chart;
  publish::Policy publication;  ///< --suppress-below, --internal
  std::set<std::string> given;
};

void declare(OptionSet& set, EvaluateStepConfig& c);
void validate(const EvaluateStepConfig& c, const step::Env& env);
void run(const EvaluateStepConfig& c, step::Env& env);

}  // namespace hotspot::change
