#pragma once
// hotspot compare: this year against last, per area and for the whole municipality.
#include <set>
#include <string>
#include <vector>

#include "hotspot/step/step.hpp"
#include "hotspot/change/compare.hpp"
#include "hotspot/io/area_reader.hpp"

namespace hotspot::change {

struct CompareStepConfig {
  io::IncidentSourceConfig inc;
  io::AreaSourceConfig areas;
  step::FilterSpec filter;
  std::string period_a, period_b, out, rejects, value_a, value_b;
  double alpha = 0.05;
  std::string out_layer;
  publish::Policy publication;  ///< --suppress-below, --internal
  std::set<std::string> given;
};

void declare(OptionSet& set, CompareStepConfig& c);
void validate(const CompareStepConfig& c, const step::Env& env);
void run(const CompareStepConfig& c, step::Env& env);

}  // namespace hotspot::change
