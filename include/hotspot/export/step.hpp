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

/// The options every map output (export, render, web) shares: --suppress-below,
/// --include-points, --internal (into `internal`; `marked` says how the output is marked) and
/// the positional result layers.
void declare_map_inputs(OptionSet& set, ExportOptions& ex, bool& internal,
                        std::vector<std::string>& layers, const std::string& marked);

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
