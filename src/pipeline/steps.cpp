#include "hotspot/pipeline/steps.hpp"

#include "hotspot/density/step.hpp"
#include "hotspot/join/step.hpp"
#include "hotspot/synth/synth_step.hpp"
#include "hotspot/export/chart_step.hpp"
#include "hotspot/io/opendata_step.hpp"
#include "hotspot/change/evaluate_step.hpp"
#include "hotspot/change/emerging_step.hpp"
#include "hotspot/change/compare_step.hpp"
#include "hotspot/export/step.hpp"
#include "hotspot/route/step.hpp"
#include "hotspot/score/step.hpp"
#include "hotspot/stats/step.hpp"
#include "hotspot/web/step.hpp"

namespace hotspot::pipeline {

namespace {

// The free functions of the config's namespace, found by argument-dependent lookup (outside
// the class, where the member names would hide them).
template <class Config>
void declare_step(OptionSet& s, Config& c) {
  declare(s, c);
}
template <class Config>
void validate_step(const Config& c, step::Env& env) {
  validate(c, env);
}
template <class Config>
void run_step(const Config& c, step::Env& env) {
  run(c, env);
}

/// A step made of a config and the free functions declare/validate/run of its namespace.
template <class Config>
class Bound final : public StepInstance {
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

template <class Config>
StepDef def(std::string name, std::string summary, std::string group) {
  return {std::move(name), std::move(summary), std::move(group),
          [] { return std::unique_ptr<StepInstance>(std::make_unique<Bound<Config>>()); }};
}

}  // namespace

const std::vector<StepDef>& steps() {
  static const std::vector<StepDef> all{
      def<join::JoinStepConfig>(
          "join", "Count incidents per area (buurten, wijken, named locations, any polygon layer)",
          "analysis"),
      def<density::DensityConfig>(
          "density", "Kernel density raster (GeoTIFF) and optional hotspot areas", "analysis"),
      def<stats::StatsConfig>(
          "stats", "Hot and cold spots: Getis-Ord Gi* or Local Moran's I on a grid or on areas",
          "analysis"),
      def<score::ScoreStepConfig>(
          "score", "Score many locations by what happened around them, ranked", "analysis"),
      def<route::RouteConfig>("route", "Plan flexteam routes over hotspots within a shift",
                              "analysis"),
      def<mapping::ExportStepConfig>(
          "export", "One styled GeoPackage (and a QGIS project) from result layers", "maps"),
      def<mapping::RenderStepConfig>(
          "render", "A PNG map with legend, scale bar and north arrow (no QGIS needed)", "maps"),
      def<web::WebStepConfig>(
          "web",
          "A web map (index.html and its assets) that opens from file:// on a laptop or phone",
          "maps"),
      def<change::CompareStepConfig>(
          "compare",
          "This year against last: per area n_a, n_b, change and an exact test, and per category",
          "change"),
      def<change::EmergingStepConfig>(
          "emerging",
          "Emerging hot spots: space-time Gi*, Mann-Kendall trends and ArcGIS's 17 patterns",
          "change"),
      def<change::EvaluateStepConfig>("evaluate",
                                      "Backtest hot spot methods: hit rate, PAI and PEI of each "
                                      "period's prediction of the next",
                                      "change"),
      def<io::OpenDataStepConfig>(
          "opendata", "Police/CBS figures per wijk and buurt (47022NED ...) on the area polygons",
          "data"),
      def<mapping::ChartStepConfig>("chart",
                                    "Time series charts (PNG): incidents per period and category, "
                                    "for the municipality and per area",
                                    "maps"),
      def<synth::SynthStepConfig>(
          "synth",
          "Write synthetic, seeded incidents calibrated on the Deventer report (2018-2022)",
          "data"),
  };
  return all;
}

const StepDef* find_step(const std::string& name) {
  for (const auto& s : steps())
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace hotspot::pipeline
