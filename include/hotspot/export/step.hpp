#pragma once
// The export and render steps: one styled GeoPackage with a QGIS project, and the map as a PNG.
#include <set>
#include <string>
#include <vector>

#include "hotspot/export/export.hpp"
#include "hotspot/export/render.hpp"
#include "hotspot/step/step.hpp"

namespace hotspot::mapping {

struct ExportStepConfig {
  std::string gpkg, qgs;
  std::vector<std::string> layers;
  ExportOptions ex;
  std::set<std::string> given;
};

void declare(OptionSet& set, ExportStepConfig& c);
void validate(const ExportStepConfig& c, const step::Env& env);
void run(const ExportStepConfig& c, step::Env& env);

struct RenderStepConfig {
  std::string out;
  std::vector<std::string> layers, charts;
  ExportOptions ex;
  RenderOptions ro;
  bool no_inset = false;
  std::set<std::string> given;
};

void declare(OptionSet& set, RenderStepConfig& c);
void validate(const RenderStepConfig& c, const step::Env& env);
void run(const RenderStepConfig& c, step::Env& env);

}  // namespace hotspot::mapping
