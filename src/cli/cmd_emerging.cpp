// hotspot emerging: where hot spots are new, growing, persistent or fading.
#include <fmt/format.h>

#include "common.hpp"
#include "hotspot/change/emerging.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/paths.hpp"
#include "hotspot/io/area_reader.hpp"
#include "hotspot/io/raster.hpp"
#include "hotspot/io/table_writer.hpp"

namespace hotspot::cli {

Runner register_emerging(CLI::App& app, GlobalOptions& g) {
  auto* sub = app.add_subcommand("emerging", "Emerging hot spots: space-time Gi*, Mann-Kendall trends and ArcGIS's 17 patterns");
  struct Opts {
    io::IncidentSourceConfig inc;
    FilterOptions filter;
    change::EmergingConfig ec;
    std::string extent, mask, bin = "year", out, rejects;
  };
  auto o = std::make_shared<Opts>();
  add_incident_options(*sub, o->inc);
  sub->add_option("--grid-m", o->ec.grid_m, "Cell size in metres")->required();
  sub->add_option("--extent", o->extent, "XMIN,YMIN,XMAX,YMAX in the working CRS (grid anchored at XMIN,YMIN)");
  sub->add_option("--mask", o->mask, "Polygons: the cells whose centre is inside are the units");
  sub->add_option("--bin", o->bin, "Time bins: month, quarter or year")->capture_default_str();
  sub->add_option("--neighbourhood-m", o->ec.neighbourhood_m, "Cells whose centres are within this distance are neighbours (default 1.5 cells)");
  sub->add_option("--time-steps", o->ec.time_steps, "Previous bins in the neighbourhood")->capture_default_str();
  sub->add_option("--alpha", o->ec.alpha, "Significance (after Benjamini-Hochberg per bin) and for the trend")->capture_default_str();
  sub->add_option("--out", o->out, "Output (.csv, .geojson or .gpkg)")->required();
  sub->add_option("--rejects", o->rejects, "Rejects CSV (default: <out>.rejects.csv when any)");
  add_filter_options(*sub, o->filter);
  add_global_options(*sub, g);
  return [o, &g]() {
    RunContext ctx;
    configure(ctx, g);
    o->ec.bin = change::parse_time_bin(o->bin, "--bin");
    o->ec.validate();
    (void)io::format_from_path(o->out);
    check_output_paths({{"--incidents", o->inc.path}, {"--mask", o->mask}},
                       {{"--out", o->out}, {"--rejects", rejects_path(o->rejects, o->out)}});
    const IncidentFilter filter = make_filter(o->filter);
    std::vector<std::uint8_t> mask;
    const Grid grid = study_grid(o->extent, o->mask, o->ec.grid_m, ctx, mask);
    RejectsSink rejects;
    IncidentTable all;
    const io::ReadStats st = read_incidents_or_fail(o->inc, all, rejects, ctx, o->rejects, o->out);
    std::uint64_t n_filtered = 0;
    const IncidentTable inc = select_incidents(std::move(all), filter, ctx, o->inc.path, n_filtered);
    const change::EmergingResult r = change::emerging(inc, grid, mask.empty() ? nullptr : &mask, o->ec, ctx);
    io::write_table(change::emerging_table(r, inc.crs), o->out);
    std::map<std::string, std::size_t> n;
    for (const auto& p : r.pattern) ++n[p];
    std::string line;
    for (const auto& [k, v] : n)
      if (k != "no_pattern") line += fmt::format("{}{} {}", line.empty() ? "" : ", ", v, k);
    ctx.info("emerging: {} cells x {} bins ({} .. {}); {}", r.cells.size(), r.bins.size(), r.bins.front(), r.bins.back(),
             line.empty() ? "no pattern anywhere" : line);
    std::uint64_t joined = 0;  // in a unit cell, with a time: in the cube
    for (std::size_t i = 0; i < inc.size(); ++i)
      if (auto c = grid.cell_of(inc.x[i], inc.y[i]); c && (mask.empty() || mask[static_cast<std::size_t>(*c)]) && inc.time[i] != kNoTime) ++joined;
    ctx.always(summary_line(st.read, joined, inc.size() - joined, st.rejected, n_filtered) + geocoded_term(st));
    return 0;
  };
}

}  // namespace hotspot::cli
