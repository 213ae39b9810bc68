#include <fmt/format.h>

#include "common.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/paths.hpp"
#include "hotspot/synth/synth.hpp"

namespace hotspot::cli {

Runner register_synth(CLI::App& app, GlobalOptions& g) {
  auto* sub = app.add_subcommand("synth", "Write synthetic, seeded incidents calibrated on the Deventer report (2018-2022)");
  struct Opts {
    synth::SynthConfig cfg;
    std::string out;
    std::string years;
    std::int64_t total = 0;
  };
  auto o = std::make_shared<Opts>();
  sub->add_option("--seed", o->cfg.seed, "Random seed; the same seed gives the same file")->capture_default_str();
  sub->add_option("--out", o->out, "Output CSV: id,x,y,category,timestamp (EPSG:28992, local ISO 8601)")->required();
  sub->add_option("--years", o->years, "Year range FROM-TO (default 2018-2022)");
  sub->add_option("--scale", o->cfg.scale, "Multiply every yearly total (benchmarks)")->capture_default_str();
  sub->add_option("--total", o->total, "Scale so that about this many incidents are written");
  add_global_options(*sub, g);
  return [o, &g, sub]() {
    RunContext ctx;
    configure(ctx, g);
    if (!o->years.empty()) {
      int a = 0, b = 0;
      if (std::sscanf(o->years.c_str(), "%d-%d", &a, &b) != 2)
        throw Error(ErrorCode::Usage, fmt::format("--years '{}' is not FROM-TO", o->years), {}, "write e.g. --years 2018-2022");
      o->cfg.year_from = a;
      o->cfg.year_to = b;
    }
    o->cfg.geodata_dir = geodata_dir(g);
    if (sub->count("--total") > 0) {
      if (o->total <= 0)
        throw Error(ErrorCode::Usage, fmt::format("--total {} is not a positive number of incidents", o->total), {"", "", "--total"},
                    "give e.g. --total 1000000, or leave it out for the report's own totals");
      if (sub->count("--scale") > 0)
        throw Error(ErrorCode::Usage, "--total and --scale both set the size", {"", "", "--total"}, "give one of them");
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
    return 0;
  };
}

}  // namespace hotspot::cli
