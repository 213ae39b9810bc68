#include "hotspot/synth/synth_step.hpp"

#include <fmt/format.h>
#include "hotspot/core/error.hpp"
#include "hotspot/core/paths.hpp"
#include "hotspot/synth/synth.hpp"

namespace hotspot::synth {

namespace {}  // namespace

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

void validate(const SynthStepConfig&, const step::Env&) {}

void run(const SynthStepConfig& config, step::Env& env) {
  SynthStepConfig copy = config;
  SynthStepConfig* o = &copy;
  RunContext& ctx = env.ctx;
  if (!o->years.empty()) {
    int a = 0, b = 0;
    if (std::sscanf(o->years.c_str(), "%d-%d", &a, &b) != 2)
      throw Error(ErrorCode::Usage, fmt::format("--years '{}' is not FROM-TO", o->years), {},
                  "write e.g. --years 2018-2022");
    o->cfg.year_from = a;
    o->cfg.year_to = b;
  }
  o->cfg.geodata_dir = env.profile.dir;
  if (o->given.count("total") > 0) {
    if (o->total <= 0)
      throw Error(ErrorCode::Usage,
                  fmt::format("--total {} is not a positive number of incidents", o->total),
                  {"", "", "--total"},
                  "give e.g. --total 1000000, or leave it out for the report's own totals");
    if (o->given.count("scale") > 0)
      throw Error(ErrorCode::Usage, "--total and --scale both set the size", {"", "", "--total"},
                  "give one of them");
    o->cfg.scale = 1.0;
    o->cfg.validate(UINT64_MAX);  // the years, before they are summed
    o->cfg.scale = static_cast<double>(o->total) / o->cfg.expected_rows();
  }
  check_output_paths({{"geodata", o->cfg.geodata_dir / "deventer_buurten.geojson"},
                      {"geodata", o->cfg.geodata_dir / "deventer_wijken.geojson"},
                      {"geodata", o->cfg.geodata_dir / "deventer_locaties.geojson"}},
                     {{"--out", o->out}});
  const auto recs = synth::generate(o->cfg, ctx);
  synth::write_csv(recs, o->out);
  ctx.info("wrote {} synthetic incidents to {} (seed {})", recs.size(), o->out, o->cfg.seed);
}

}  // namespace hotspot::synth
