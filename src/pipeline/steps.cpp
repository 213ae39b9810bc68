#include "hotspot/pipeline/steps.hpp"

#include "hotspot/density/step.hpp"
#include "hotspot/join/step.hpp"
#include "hotspot/export/step.hpp"
#include "hotspot/route/step.hpp"
#include "hotspot/score/step.hpp"
#include "hotspot/stats/step.hpp"

namespace hotspot::pipeline {

namespace {

// The free functions of the config's namespace, found by argument-dependent lookup (outside
// the class, where the member names would hide them).
template <class Config> void declare_step(OptionSet& s, Config& c) { declare(s, c); }
template <class Config> void validate_step(const Config& c, step::Env& env) { validate(c, env); }
template <class Config> void run_step(const Config& c, step::Env& env) { run(c, env); }

/// A step made of a config and the free functions declare/validate/run of its namespace.
template <class Config> class Bound final : public StepInstance {
 public:
  Bound() { declare_step(options_, cfg_); }
  void validate(step::Env& env) override {
    cfg_.given = options_.given_keys();
    validate_step(cfg_, env);
  }
  void run(step::Env& env) override {
    cfg_.given = options_.given_keys();
    run_step(cfg_, env);
  }

 private:
  Config cfg_;
};

template <class Config> StepDef def(std::string name, std::string summary, std::string group) {
  return {std::move(name), std::move(summary), std::move(group), [] { return std::unique_ptr<StepInstance>(new Bound<Config>()); }};
}

}  // namespace

const std::vector<StepDef>& steps() {
  static const std::vector<StepDef> all{
      def<join::JoinStepConfig>("join", "Count incidents per area (buurten, wijken, named locations, any polygon layer)", "analysis"),
      def<density::DensityConfig>("density", "Kernel density raster (GeoTIFF) and optional hotspot areas", "analysis"),
      def<stats::StatsConfig>("stats", "Hot and cold spots: Getis-Ord Gi* or Local Moran's I on a grid or on areas", "analysis"),
      def<score::ScoreStepConfig>("score", "Score many locations by what happened around them, ranked", "analysis"),
      def<route::RouteConfig>("route", "Plan flexteam routes over hotspots within a shift", "analysis"),
      def<mapping::ExportStepConfig>("export", "One styled GeoPackage (and a QGIS project) from result layers", "maps"),
      def<mapping::RenderStepConfig>("render", "A PNG map with legend, scale bar and north arrow (no QGIS needed)", "maps"),
  };
  return all;
}

const StepDef* find_step(const std::string& name) {
  for (const auto& s : steps())
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace hotspot::pipeline
