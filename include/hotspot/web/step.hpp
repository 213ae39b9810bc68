#pragma once
// The web step: `hotspot web --out DIR [--title T] LAYER...` and the pipeline's [web] stage
// (writing <out>/web/index.html).
#include <set>
#include <string>
#include <vector>

#include "hotspot/export/export.hpp"
#include "hotspot/step/step.hpp"
#include "hotspot/web/web.hpp"

namespace hotspot::web {

struct WebStepConfig {
  std::string out;
  std::vector<std::string> layers;
  std::string leaflet;
  mapping::ExportOptions ex;
  WebOptions wo;
  std::set<std::string> given;
};

void declare(OptionSet& set, WebStepConfig& c);
void validate(const WebStepConfig& c, const step::Env& env);
void run(const WebStepConfig& c, step::Env& env);

}  // namespace hotspot::web
