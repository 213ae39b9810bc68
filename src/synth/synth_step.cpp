#include "hotspot/synth/synth_step.hpp"

#include <fmt/format.h>
#include "hotspot/core/error.hpp"
#include "hotspot/core/paths.hpp"
#include "hotspot/synth/synth.hpp"

namespace hotspot::synth {

namespace {

/// The generator's settings from the options (years, size), every combination checked.
/// @throws Error(Usage) naming the option
SynthConfig resolved(const SynthStepConfig& o, const step::Env& env) {
  SynthConfig cfg = o.cfg;
  if (!o.years.empty()) {
    int a = 0, b = 0;
    char tail;
    if (std::sscanf(o.years.c_str(), "%d-%d%c", &a, &b, &tail) != 2)
      throw Error(ErrorCode::Usage, fmt::format("--years '{}' is not FROM-TO", o.years),
                  {"", "", "--years"}, "write e.g. --years 2018-2022");
    cfg.year_from = a;
    cfg.year_to = b;
  }
  cfg.geodata_dir = env.profile.dir;
  if (o.given.count("total") > 0) {
    if (o.total <= 0)
      throw Error(ErrorCode::Usage,
                  fmt::format("--total {} is not a positive number of incidents", o.total),
                  {"", "", "--total"},
                  "give e.g. --total 1000000, or leave it out for the report's own totals");
    if (o.given.count("scale") > 0)
      throw Error(ErrorCode::Usage, "--total and --scale both set the size", {"", "", "--total"},
                  "give one of them");
    cfg.scale = 1.0;
    cfg.validate(UINT64_MAX);  // the years, before they are summed
    cfg.scale = static_cast<double>(o.total) / cfg.expected_rows();
  }
  cfg.validate(env.ctx.memory_budget());
  check_output_paths({{"geodata", cfg.geodata_dir / "deventer_buurten.geojson"},
                      {"geodata", cfg.geodata_dir / "deventer_wijken.geojson"},
                      {"geodata", cfg.geodata_dir / "deventer_locaties.geojson"}},
                     {{"--out", o.out}});
  return cfg;
}

}  // namespace

void declare(OptionSet& s, SynthStepConfig& c) {
  s.opt("seed", &c.cfg.seed, "Random seed; the same seed gives the same file");
  s.opt("out", &c.out, "Output CSV: id,x,y,category,timestamp (EPSG:28992, local ISO 8601)")
      .required()
      .output()
      .format("table");
  s.opt("years", &c.years, "Year range FROM-TO (default 2018-2022)");
  s.opt("scale", &c.cfg.scale, "Multiply every yearly total (benchmarks)");
  s.opt("total", &c.total, "Scale so that about this many incidents are written");
}

void validate(const SynthStepConfig& c, const step::Env& env) {
  (void)resolved(c, env);
}

void run(const SynthStepConfig& c, step::Env& env) {
  const SynthConfig cfg = resolved(c, env);
  const auto recs = synth::generate(cfg, env.ctx);
  synth::write_csv(recs, c.out);
  env.ctx.info("wrote {} synthetic incidents to {} (seed {})", recs.size(), c.out, cfg.seed);
}

}  // namespace hotspot::synth
