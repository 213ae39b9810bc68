#pragma once
// hotspot chart: incidents per period and category as PNG line charts, for the municipality
// and per area (wijk), with the numbers beside them in series.csv.
#include <set>
#include <string>
#include <vector>

#include "hotspot/step/step.hpp"
#include "hotspot/change/periods.hpp"
#include "hotspot/io/area_reader.hpp"

namespace hotspot::mapping {

struct ChartStepConfig {
  io::IncidentSourceConfig inc;
  io::AreaSourceConfig areas;
  step::FilterSpec filter;
  std::string by = "year", out, area_col, title, lang = "nl",
              source = "Bron: gemeente Deventer; bewerking hotspot";
  publish::Policy publication;  ///< --suppress-below, --internal
  std::set<std::string> given;
};

void declare(OptionSet& set, ChartStepConfig& c);
void validate(const ChartStepConfig& c, const step::Env& env);
void run(const ChartStepConfig& c, step::Env& env);

}  // namespace hotspot::mapping
