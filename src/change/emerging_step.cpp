// hotspot emerging: where hot spots are new, growing, persistent or fading.
#include "hotspot/change/emerging_step.hpp"

#include <fmt/format.h>
#include "hotspot/change/emerging.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/paths.hpp"
#include "hotspot/io/area_reader.hpp"
#include "hotspot/io/raster.hpp"
#include "hotspot/io/table_writer.hpp"

namespace hotspot::change {

namespace {}  // namespace

void declare(OptionSet& s, EmergingStepConfig& c) {
  step::declare_incidents(s, c.inc);
  s.opt("grid-m", &c.ec.grid_m, "Cell size in metres").required();
  s.opt("extent", &c.extent, "XMIN,YMIN,XMAX,YMAX in the working CRS (grid anchored at XMIN,YMIN)");
  s.opt("mask", &c.mask, "Polygons: the cells whose centre is inside are the units")
      .input()
      .format("vector");
  s.opt("bin", &c.bin, "Time bins: month, quarter or year");
  s.opt("neighbourhood-m", &c.ec.neighbourhood_m,
        "Cells whose centres are within this distance are neighbours (default 1.5 cells)");
  s.opt("time-steps", &c.ec.time_steps, "Previous bins in the neighbourhood");
  s.opt("alpha", &c.ec.alpha, "Significance (after Benjamini-Hochberg per bin) and for the trend");
  s.opt("out", &c.out, "Output (.csv, .geojson or .gpkg)").required().output().format("vector");
  step::declare_out_layer(s, c.out_layer);
  step::declare_rejects(s, c.rejects);
  step::declare_filter(s, c.filter);
  publish::declare(s, c.publication);
}

namespace {

/// Checks and conversions that need no input, in place (run and validate share them).
void prepare(EmergingStepConfig* o) {
  o->ec.bin = change::parse_time_bin(o->bin, "--bin");
  o->ec.validate();
  (void)io::format_from_path(o->out);
  check_output_paths({{"--incidents", o->inc.path}, {"--mask", o->mask}},
                     {{"--out", o->out}, {"--rejects", step::rejects_path(o->rejects, o->out)}});
  (void)o->filter.make();
}

}  // namespace

void validate(const EmergingStepConfig& config, const step::Env&) {
  publish::validate(config.publication);
  EmergingStepConfig copy = config;
  prepare(&copy);
}

void run(const EmergingStepConfig& config, step::Env& env) {
  EmergingStepConfig copy = config;
  EmergingStepConfig* o = &copy;
  RunContext& ctx = env.ctx;
  prepare(o);
  const IncidentFilter filter = o->filter.make();
  std::vector<std::uint8_t> mask;
  const Grid grid = step::study_grid(o->extent, o->mask, o->ec.grid_m, env, mask);
  RejectsSink rejects;
  IncidentTable all;
  const io::ReadStats st =
      step::read_incidents_or_fail(o->inc, all, rejects, env, o->rejects, o->out);
  std::uint64_t n_filtered = 0;
  const IncidentTable inc =
      step::select_incidents(std::move(all), filter, ctx, o->inc.path, n_filtered);
  const change::EmergingResult r =
      change::emerging(inc, grid, mask.empty() ? nullptr : &mask, o->ec, ctx);
  step::write_result(env, std::filesystem::path(o->out).stem().string(),
                     change::emerging_table(r, inc.crs), o->publication, {o->out}, o->out_layer);
  std::map<std::string, std::size_t> n;
  for (const auto& p : r.pattern) ++n[p];
  std::string line;
  for (const auto& [k, v] : n)
    if (k != "no_pattern") line += fmt::format("{}{} {}", line.empty() ? "" : ", ", v, k);
  ctx.info("emerging: {} cells x {} bins ({} .. {}); {}", r.cells.size(), r.bins.size(),
           r.bins.front(), r.bins.back(), line.empty() ? "no pattern anywhere" : line);
  std::uint64_t joined = 0;  // in a unit cell, with a time: in the cube
  for (std::size_t i = 0; i < inc.size(); ++i)
    if (auto c = grid.cell_of(inc.x[i], inc.y[i]);
        c && (mask.empty() || mask[static_cast<std::size_t>(*c)]) && inc.time[i] != kNoTime)
      ++joined;
  ctx.always(step::summary_line(st.read, joined, inc.size() - joined, st.rejected, n_filtered) +
             step::geocoded_term(st));
}

}  // namespace hotspot::change
