#include <algorithm>

#include <fmt/format.h>

#include "common.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/paths.hpp"
#include "hotspot/density/hotspots.hpp"
#include "hotspot/density/kde.hpp"
#include "hotspot/io/area_reader.hpp"
#include "hotspot/io/raster.hpp"
#include "hotspot/io/table_writer.hpp"

namespace hotspot::cli {

Runner register_density(CLI::App& app, GlobalOptions& g) {
  auto* sub = app.add_subcommand("density", "Kernel density raster (GeoTIFF) and optional hotspot areas");
  struct Opts {
    io::IncidentSourceConfig inc;
    FilterOptions filter;
    std::string out, rejects, kernel = "quartic", bandwidth, extent, mask, units = "km2", hotspots, top, method = "auto";
    double bandwidth_m = 0, cell_m = 25, cutoff = 4, threshold = -1;
  };
  auto o = std::make_shared<Opts>();
  add_incident_options(*sub, o->inc);
  sub->add_option("--out", o->out, "Output GeoTIFF (Float32, Cloud Optimized, EPSG:28992)")->required();
  sub->add_option("--rejects", o->rejects, "Rejects CSV (default: <out>.rejects.csv when any)");
  sub->add_option("--kernel", o->kernel, "quartic (default), epanechnikov, triangular, uniform, gaussian")->capture_default_str();
  sub->add_option("--bandwidth-m", o->bandwidth_m, "Bandwidth (search radius; gaussian: standard deviation) in metres");
  sub->add_option("--bandwidth", o->bandwidth, "'auto': ArcGIS's spatial Silverman rule (the default without --bandwidth-m)");
  sub->add_option("--gaussian-cutoff", o->cutoff, "Gaussian support in multiples of the bandwidth")->capture_default_str();
  sub->add_option("--cell-m", o->cell_m, "Cell size in metres")->capture_default_str();
  sub->add_option("--extent", o->extent, "XMIN,YMIN,XMAX,YMAX in EPSG:28992 (grid anchored at XMIN,YMIN)");
  sub->add_option("--mask", o->mask, "Polygons outside which cells are nodata (default: the municipal boundary)");
  sub->add_option("--units", o->units, "km2: incidents per km2 (default); cell: expected incidents per cell")
      ->check(CLI::IsMember({"km2", "cell"}));
  sub->add_option("--method", o->method, "auto (default), exact or fast")->check(CLI::IsMember({"auto", "exact", "fast"}));
  sub->add_option("--hotspots", o->hotspots, "Also write hotspot areas (.geojson, .gpkg or .csv)");
  sub->add_option("--top", o->top, "Hotspot areas: the top P% of cells inside the mask, e.g. 5%");
  sub->add_option("--threshold", o->threshold, "Hotspot areas: cells at or above this density (in --units)");
  add_filter_options(*sub, o->filter);
  add_global_options(*sub, g);
  return [o, &g, sub]() {
    RunContext ctx;
    configure(ctx, g);
    // Validate everything before any heavy I/O.
    density::KdeConfig kc;
    kc.kernel = density::parse_kernel(o->kernel);
    kc.gaussian_cutoff = o->cutoff;
    kc.method = o->method == "exact" ? density::Method::Exact : o->method == "fast" ? density::Method::Fast : density::Method::Auto;
    const bool auto_bw = o->bandwidth == "auto" || (o->bandwidth.empty() && sub->count("--bandwidth-m") == 0);
    if (o->bandwidth == "auto" && sub->count("--bandwidth-m") > 0)
      throw Error(ErrorCode::Usage, "--bandwidth auto and --bandwidth-m both set the bandwidth", {"", "", "--bandwidth-m"},
                  "give one of them");
    if (!o->bandwidth.empty() && o->bandwidth != "auto")
      throw Error(ErrorCode::Usage, fmt::format("--bandwidth '{}' is not understood", o->bandwidth), {"", "", "--bandwidth"},
                  "write --bandwidth auto, or a distance with --bandwidth-m 300");
    if (!auto_bw) {
      kc.bandwidth_m = o->bandwidth_m;
      kc.validate();
    }
    if (!(o->cell_m > 0))
      throw Error(ErrorCode::Usage, fmt::format("cell size {} m is not positive", o->cell_m), {"", "", "--cell-m"},
                  "give a cell size in metres, e.g. --cell-m 25");
    std::filesystem::path out = o->out;
    if (out.extension() != ".tif" && out.extension() != ".tiff")
      throw Error(ErrorCode::Usage, "the density output is a GeoTIFF", {o->out}, "end the name in .tif");
    density::HotspotConfig hc;
    const bool has_top = !o->top.empty(), has_threshold = sub->count("--threshold") > 0;
    if (o->hotspots.empty() && (has_top || has_threshold))
      throw Error(ErrorCode::Usage, fmt::format("{} selects hotspot areas, but no --hotspots file is given", has_top ? "--top" : "--threshold"),
                  {"", "", has_top ? "--top" : "--threshold"}, "add --hotspots FILE.geojson, or leave the option out");
    if (!o->hotspots.empty()) {
      (void)io::format_from_path(o->hotspots);
      if (has_top && has_threshold)
        throw Error(ErrorCode::Usage, "--top and --threshold both choose the hotspot cells", {"", "", "--threshold"},
                    "give one of them: --top 5% or --threshold 100");
      if (!has_top && !has_threshold)
        throw Error(ErrorCode::Usage, "--hotspots needs either --top P% or --threshold V", {"", "", "--top"}, "e.g. --top 5%");
      if (has_top) hc.top_fraction = density::parse_percent(o->top);
      if (has_threshold) {
        if (!(o->threshold > 0) || !std::isfinite(o->threshold))
          throw Error(ErrorCode::Usage, fmt::format("--threshold {} is not a density above 0", o->threshold), {"", "", "--threshold"},
                      "give a density in the raster's units (incidents per km2 by default), e.g. --threshold 100");
        hc.threshold = o->threshold;
      }
    }
    const IncidentFilter filter = make_filter(o->filter);
    check_output_paths({{"--incidents", o->inc.path}, {"--mask", o->mask}},
                       {{"--out", out}, {"--hotspots", o->hotspots}, {"--rejects", rejects_path(o->rejects, out)}});

    // The grid and the mask.
    std::optional<AreaLayer> mask_layer;
    Grid grid;
    if (!o->mask.empty() || o->extent.empty()) {
      io::AreaSourceConfig mc;
      mc.path = o->mask.empty() ? (geodata_dir(g) / "deventer_gemeente.geojson").string() : o->mask;
      mask_layer = io::read_areas(mc, ctx);
    }
    if (!o->extent.empty()) {
      double x0, y0, x1, y1;
      parse_extent(o->extent, x0, y0, x1, y1);
      grid = Grid::from_extent(x0, y0, x1, y1, o->cell_m);
    } else {
      OGREnvelope env;
      for (const auto& geom : mask_layer->table.geometries) {
        OGREnvelope e;
        geom->getEnvelope(&e);
        env.Merge(e);
      }
      grid = Grid::snapped(env.MinX, env.MinY, env.MaxX, env.MaxY, o->cell_m);
    }
    const std::uint64_t budget = ctx.memory_budget();
    if (!auto_bw) density::check_bandwidth(kc, grid);
    {
      density::KdeConfig probe = kc;
      if (auto_bw) probe.bandwidth_m = o->cell_m;
      const std::uint64_t need = density::memory_needed(grid, probe, density::Method::Exact);
      if (need > budget)
        throw Error(ErrorCode::Resource,
                    fmt::format("a grid of {} x {} cells needs {}, more than the {} available", grid.ncols, grid.nrows,
                                human_bytes(static_cast<double>(need)), human_bytes(static_cast<double>(budget))),
                    {"", "", "--cell-m"}, "use a larger --cell-m or a smaller --extent");
    }

    RejectsSink rejects;
    IncidentTable all;
    const io::ReadStats st = read_incidents_or_fail(o->inc, all, rejects, ctx, o->rejects, out);
    ctx.lap("reading the incidents");
    std::uint64_t n_filtered = 0;
    IncidentTable inc = select_incidents(std::move(all), filter, ctx, o->inc.path, n_filtered);
    if (inc.size() == 0) {
      ctx.always(summary_line(st.read, 0, 0, st.rejected, n_filtered) + geocoded_term(st));
      throw Error(ErrorCode::EmptyInput,
                  fmt::format("no incidents left after filtering ({}); no raster was written", filter.describe()), {o->inc.path},
                  "widen --category, --from/--to, --hours or --days");
    }
    density::Points pts{inc.x.data(), inc.y.data(), st.weight_column.empty() ? nullptr : inc.weight.data(), inc.size()};
    if (pts.w && std::all_of(inc.weight.begin(), inc.weight.end(), [](double w) { return w == 0; })) {
      ctx.always(summary_line(st.read, 0, inc.size(), st.rejected, n_filtered) + geocoded_term(st));
      throw Error(ErrorCode::EmptyInput, fmt::format("all {} incidents have weight 0: there is no density to draw", inc.size()),
                  {o->inc.path, "", st.weight_column}, "check --weight-col, or leave it out to count every incident once");
    }
    if (auto_bw) {
      kc.bandwidth_m = density::auto_bandwidth(pts);
      ctx.info("bandwidth: {:.1f} m (automatic: ArcGIS's spatial variant of Silverman's rule)", kc.bandwidth_m);
      if (density::support_m(kc) < grid.cell_m)
        throw Error(ErrorCode::EmptyInput,
                    fmt::format("the automatic bandwidth is {:.3g} m, less than one {} m cell: the {} incidents (nearly) all "
                                "lie on one spot, so no surface follows from them",
                                kc.bandwidth_m, grid.cell_m, inc.size()),
                    {o->inc.path, "", "--bandwidth"}, "give --bandwidth-m, e.g. --bandwidth-m 300");
    }
    if (kc.method == density::Method::Fast || kc.method == density::Method::Auto) {
      const std::uint64_t need = density::memory_needed(grid, kc, density::Method::Fast);
      if (need > budget) {
        if (kc.method == density::Method::Fast)
          throw Error(ErrorCode::Resource, fmt::format("the fast path needs {}, more than the {} available",
                                                       human_bytes(static_cast<double>(need)), human_bytes(static_cast<double>(budget))), {},
                      "use --method exact, a larger --cell-m or a smaller --extent");
        kc.method = density::Method::Exact;
      }
    }
    ctx.lap("filtering");
    density::Surface s = density::kde(pts, grid, kc, ctx);
    ctx.lap(s.used == density::Method::Exact ? "kernel density (exact)" : "kernel density (fast)");

    // Mask, mass accounting and units.
    std::vector<std::uint8_t> mask;
    if (mask_layer) mask = io::rasterize_mask(*mask_layer, grid);
    const double cell_area = grid.cell_m * grid.cell_m;
    double mass_grid = 0, mass_mask = 0, n_weight = 0;
    for (std::size_t i = 0; i < s.density.size(); ++i) {
      mass_grid += s.density[i] * cell_area;
      if (mask.empty() || mask[i]) mass_mask += s.density[i] * cell_area;
    }
    for (std::size_t i = 0; i < inc.size(); ++i) n_weight += pts.w ? inc.weight[i] : 1.0;
    const double scale = o->units == "km2" ? 1e6 : cell_area;
    std::vector<double> values(s.density.size());
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = s.density[i] * scale;

    std::uint64_t inside = 0;
    for (std::size_t i = 0; i < inc.size(); ++i) {
      const auto cell = grid.cell_of(inc.x[i], inc.y[i]);
      if (cell && (mask.empty() || mask[static_cast<std::size_t>(*cell)])) ++inside;
    }

    io::RasterWrite rw;
    rw.band_description = o->units == "km2" ? "incidents per km2" : fmt::format("expected incidents per {} m cell", grid.cell_m);
    rw.unit = o->units == "km2" ? "incidents/km2" : "incidents/cell";
    rw.metadata = {{"HOTSPOT_VERSION", HOTSPOT_VERSION},
                   {"HOTSPOT_KERNEL", density::kernel_name(kc.kernel)},
                   {"HOTSPOT_BANDWIDTH_M", fmt::format("{}", kc.bandwidth_m)},
                   {"HOTSPOT_CELL_M", fmt::format("{}", grid.cell_m)},
                   {"HOTSPOT_UNITS", rw.unit},
                   {"HOTSPOT_METHOD", s.used == density::Method::Exact ? "exact" : "fast (linear binning + FFT)"},
                   {"HOTSPOT_FILTER", filter.describe()},
                   {"HOTSPOT_N_INCIDENTS", fmt::format("{}", n_weight)},
                   {"HOTSPOT_MASS_IN_GRID", fmt::format("{:.6f}", mass_grid)},
                   {"HOTSPOT_MASS_IN_MASK", fmt::format("{:.6f}", mass_mask)}};
    if (kc.kernel == density::Kernel::Gaussian) rw.metadata["HOTSPOT_GAUSSIAN_CUTOFF"] = fmt::format("{}", kc.gaussian_cutoff);
    ctx.lap("mask and mass accounting");
    io::write_geotiff(grid, values, mask.empty() ? nullptr : &mask, out, rw);
    ctx.lap("writing the GeoTIFF");
    ctx.info("density: {} incidents, {} kernel, bandwidth {:.0f} m, {} x {} cells of {} m ({}); the surface holds {:.1f} of {:.0f} "
             "(the rest lies outside the {})",
             inc.size(), density::kernel_name(kc.kernel), kc.bandwidth_m, grid.ncols, grid.nrows, grid.cell_m,
             s.used == density::Method::Exact ? "exact" : "fast", mass_mask, n_weight, mask.empty() ? "extent" : "mask");

    if (!o->hotspots.empty()) {
      density::HotspotConfig hcu = hc;
      const auto reg = density::find_hotspots(grid, values, mask.empty() ? nullptr : &mask, hcu);
      auto polys = io::polygonize_labels(grid, reg.label, reg.n, inc.crs);
      std::vector<std::int64_t> n_in(static_cast<std::size_t>(reg.n), 0), cells(static_cast<std::size_t>(reg.n), 0);
      std::vector<double> mass(static_cast<std::size_t>(reg.n), 0), vmax(static_cast<std::size_t>(reg.n), 0);
      for (std::size_t i = 0; i < reg.label.size(); ++i) {
        const int l = reg.label[i];
        if (l < 0) continue;
        ++cells[static_cast<std::size_t>(l)];
        mass[static_cast<std::size_t>(l)] += s.density[i] * cell_area;
        vmax[static_cast<std::size_t>(l)] = std::max(vmax[static_cast<std::size_t>(l)], values[i]);
      }
      for (std::size_t i = 0; i < inc.size(); ++i) {
        const auto cell = grid.cell_of(inc.x[i], inc.y[i]);
        if (cell && reg.label[static_cast<std::size_t>(*cell)] >= 0) ++n_in[static_cast<std::size_t>(reg.label[static_cast<std::size_t>(*cell)])];
      }
      Table t;
      t.crs = inc.crs;
      t.fields = {{"hotspot_id", FieldType::Integer}, {"area_km2", FieldType::Real},     {"n_incidents", FieldType::Integer},
                  {"share_incidents", FieldType::Real}, {"share_area", FieldType::Real}, {"share_mass", FieldType::Real},
                  {"max_density", FieldType::Real},     {"threshold", FieldType::Real}};
      std::int64_t tot_in = 0, tot_cells = 0;
      for (int l = 0; l < reg.n; ++l) {
        const auto L = static_cast<std::size_t>(l);
        tot_in += n_in[L];
        tot_cells += cells[L];
        t.rows.push_back({Value(std::int64_t(l + 1)), Value(static_cast<double>(cells[L]) * cell_area / 1e6), Value(n_in[L]),
                          Value(static_cast<double>(n_in[L]) / static_cast<double>(inc.size())),
                          Value(static_cast<double>(cells[L]) / static_cast<double>(reg.cells_in_mask)),
                          Value(mass[L] / n_weight), Value(vmax[L]), Value(reg.threshold)});
        t.geometries.push_back(std::move(polys[L]));
      }
      io::write_table(t, o->hotspots);
      ctx.info("hotspot areas: {} region(s) covering {:.1f} % of the area ({:.2f} km2) hold {:.1f} % of the incidents",
               reg.n, 100.0 * static_cast<double>(tot_cells) / static_cast<double>(reg.cells_in_mask),
               static_cast<double>(tot_cells) * cell_area / 1e6, 100.0 * static_cast<double>(tot_in) / static_cast<double>(inc.size()));
    }
    ctx.always(summary_line(st.read, inside, inc.size() - inside, st.rejected, n_filtered) + geocoded_term(st));
    return 0;
  };
}

}  // namespace hotspot::cli
