#include "hotspot/density/step.hpp"

#include "hotspot/publish/surface.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/paths.hpp"
#include "hotspot/density/hotspots.hpp"
#include "hotspot/density/kde.hpp"
#include "hotspot/io/raster.hpp"
#include "hotspot/io/table_writer.hpp"

namespace hotspot::density {

using step::geocoded_term;
using step::rejects_path;
using step::summary_line;

void declare(OptionSet& s, DensityConfig& c) {
  step::declare_incidents(s, c.incidents);
  s.text("out", &c.out, "Output GeoTIFF (Float32, Cloud Optimized, in the working CRS)")
      .required()
      .output()
      .group("output")
      .format("raster");
  step::declare_rejects(s, c.rejects);
  s.text("kernel", &c.kernel, "Kernel shape")
      .choices({"quartic", "epanechnikov", "triangular", "uniform", "gaussian", "biweight"});
  s.number("bandwidth-m", &c.bandwidth_m,
           "Bandwidth (search radius; gaussian: standard deviation) in metres")
      .unit("m")
      .def("");
  s.text("bandwidth", &c.bandwidth,
         "'auto': ArcGIS's spatial Silverman rule (the default without --bandwidth-m)");
  s.number("gaussian-cutoff", &c.cutoff, "Gaussian support in multiples of the bandwidth")
      .above(0)
      .at_most(20);
  s.number("cell-m", &c.cell_m, "Cell size in metres").unit("m").above(0);
  s.text("extent", &c.extent,
         "XMIN,YMIN,XMAX,YMAX in the working CRS (grid anchored at XMIN,YMIN)");
  s.text("mask", &c.mask,
         "Polygons outside which cells are nodata (default: the profile's municipal boundary)")
      .input()
      .format("vector");
  s.text("units", &c.units, "km2: incidents per km2 (default); cell: expected incidents per cell")
      .choices({"km2", "cell"});
  s.text("method", &c.method, "auto (default), exact or fast").choices({"auto", "exact", "fast"});
  s.text("hotspots", &c.hotspots, "Also write hotspot areas (.geojson, .gpkg or .csv)")
      .output()
      .group("output")
      .format("vector");
  step::declare_out_layer(s, c.out_layer, "hotspots");
  s.text("top", &c.top, "Hotspot areas: the top P% of cells inside the mask, e.g. 5%");
  s.number("threshold", &c.threshold, "Hotspot areas: cells at or above this density (in --units)")
      .def("");
  step::declare_filter(s, c.filter);
  publish::declare(s, c.publication);
}

namespace {

struct Checked {
  KdeConfig kc;
  HotspotConfig hc;
  bool auto_bw = false;
};

Checked check(const DensityConfig& c) {
  Checked k;
  KdeConfig& kc = k.kc;
  kc.kernel = parse_kernel(c.kernel);
  kc.gaussian_cutoff = c.cutoff;
  kc.method = c.method == "exact"  ? Method::Exact
              : c.method == "fast" ? Method::Fast
                                   : Method::Auto;
  const bool bw_given = c.given.count("bandwidth-m") > 0;
  k.auto_bw = c.bandwidth == "auto" || (c.bandwidth.empty() && !bw_given);
  if (c.bandwidth == "auto" && bw_given)
    throw Error(ErrorCode::Usage, "--bandwidth auto and --bandwidth-m both set the bandwidth",
                {"", "", "--bandwidth-m"}, "give one of them");
  if (!c.bandwidth.empty() && c.bandwidth != "auto")
    throw Error(ErrorCode::Usage, fmt::format("--bandwidth '{}' is not understood", c.bandwidth),
                {"", "", "--bandwidth"},
                "write --bandwidth auto, or a distance with --bandwidth-m 300");
  if (!k.auto_bw) {
    kc.bandwidth_m = c.bandwidth_m;
    kc.validate();
  }
  if (!(c.cell_m > 0))
    throw Error(ErrorCode::Usage, fmt::format("cell size {} m is not positive", c.cell_m),
                {"", "", "--cell-m"}, "give a cell size in metres, e.g. --cell-m 25");
  publish::validate(c.publication);
  // (a kernel narrower than a cell is refused for what it is, by check_bandwidth)
  if (c.publication.published() && !k.auto_bw && kc.bandwidth_m >= c.cell_m)
    publish::check_publication_bandwidth(kc.bandwidth_m, c.cell_m);
  const std::filesystem::path out = c.out;
  if (out.extension() != ".tif" && out.extension() != ".tiff")
    throw Error(ErrorCode::Usage, "the density output is a GeoTIFF", {c.out},
                "end the name in .tif");
  const bool has_top = !c.top.empty(), has_threshold = c.given.count("threshold") > 0;
  if (c.hotspots.empty() && (has_top || has_threshold))
    throw Error(ErrorCode::Usage,
                fmt::format("{} selects hotspot areas, but no --hotspots file is given",
                            has_top ? "--top" : "--threshold"),
                {"", "", has_top ? "--top" : "--threshold"},
                "add --hotspots FILE.geojson, or leave the option out");
  if (!c.hotspots.empty()) {
    (void)io::format_from_path(c.hotspots);
    if (has_top && has_threshold)
      throw Error(ErrorCode::Usage, "--top and --threshold both choose the hotspot cells",
                  {"", "", "--threshold"}, "give one of them: --top 5% or --threshold 100");
    if (!has_top && !has_threshold)
      throw Error(ErrorCode::Usage, "--hotspots needs either --top P% or --threshold V",
                  {"", "", "--top"}, "e.g. --top 5%");
    if (has_top) k.hc.top_fraction = parse_percent(c.top);
    if (has_threshold) {
      if (!(c.threshold > 0) || !std::isfinite(c.threshold))
        throw Error(ErrorCode::Usage,
                    fmt::format("--threshold {} is not a density above 0", c.threshold),
                    {"", "", "--threshold"},
                    "give a density in the raster's units (incidents per km2 by default), e.g. "
                    "--threshold 100");
      k.hc.threshold = c.threshold;
    }
  }
  (void)c.filter.make();
  check_output_paths(
      {{"--incidents", c.incidents.path}, {"--mask", c.mask}},
      {{"--out", out}, {"--hotspots", c.hotspots}, {"--rejects", rejects_path(c.rejects, out)}});
  if (!c.extent.empty()) {
    double x0, y0, x1, y1;
    parse_extent(c.extent, x0, y0, x1, y1);
  }
  return k;
}

}  // namespace

void validate(const DensityConfig& c, const step::Env&) {
  publish::validate(c.publication);
  (void)check(c);
}

void run(const DensityConfig& c, step::Env& env) {
  RunContext& ctx = env.ctx;
  Checked k = check(c);
  KdeConfig& kc = k.kc;
  const HotspotConfig& hc = k.hc;
  const bool auto_bw = k.auto_bw;
  const std::filesystem::path out = c.out;
  const IncidentFilter filter = c.filter.make();
  // The grid and the mask.
  std::shared_ptr<const AreaLayer> mask_layer;
  Grid grid;
  if (!c.mask.empty() || c.extent.empty()) {
    io::AreaSourceConfig mc;
    mc.path = c.mask.empty() ? env.profile.mask.string() : c.mask;
    if (mc.path.empty())
      throw Error(
          ErrorCode::Usage,
          fmt::format("the profile {} names no municipal boundary (mask)", env.profile.name),
          {env.profile.file.string(), "profile", "mask"},
          "give --mask FILE or --extent XMIN,YMIN,XMAX,YMAX");
    mask_layer = step::read_areas(mc, env);
  }
  if (!c.extent.empty()) {
    double x0, y0, x1, y1;
    parse_extent(c.extent, x0, y0, x1, y1);
    grid = Grid::from_extent(x0, y0, x1, y1, c.cell_m);
  } else {
    const auto bb = step::bounds_of(*mask_layer);
    grid = Grid::snapped(bb[0], bb[1], bb[2], bb[3], c.cell_m);
  }
  const std::uint64_t budget = ctx.memory_budget();
  if (!auto_bw) check_bandwidth(kc, grid);
  {
    KdeConfig probe = kc;
    if (auto_bw) probe.bandwidth_m = c.cell_m;
    const std::uint64_t need = memory_needed(grid, probe, Method::Exact);
    if (need > budget)
      throw Error(ErrorCode::Resource,
                  fmt::format("a grid of {} x {} cells needs {}, more than the {} available",
                              grid.ncols, grid.nrows, human_bytes(static_cast<double>(need)),
                              human_bytes(static_cast<double>(budget))),
                  {"", "", "--cell-m"}, "use a larger --cell-m or a smaller --extent");
  }

  RejectsSink rejects;
  IncidentTable all;
  const io::ReadStats st =
      step::read_incidents_or_fail(c.incidents, all, rejects, env, c.rejects, out);
  ctx.lap("reading the incidents");
  std::uint64_t n_filtered = 0;
  IncidentTable inc =
      step::select_incidents(std::move(all), filter, ctx, c.incidents.path, n_filtered);
  if (inc.size() == 0) {
    ctx.always(summary_line(st.read, 0, 0, st.rejected, n_filtered) + geocoded_term(st));
    throw Error(ErrorCode::EmptyInput,
                fmt::format("no incidents left after filtering ({}); no raster was written",
                            filter.describe()),
                {c.incidents.path}, "widen --category, --from/--to, --hours or --days");
  }
  Points pts{inc.x.data(), inc.y.data(), st.weight_column.empty() ? nullptr : inc.weight.data(),
             inc.size()};
  if (pts.w && std::all_of(inc.weight.begin(), inc.weight.end(), [](double w) { return w == 0; })) {
    ctx.always(summary_line(st.read, 0, inc.size(), st.rejected, n_filtered) + geocoded_term(st));
    throw Error(
        ErrorCode::EmptyInput,
        fmt::format("all {} incidents have weight 0: there is no density to draw", inc.size()),
        {c.incidents.path, "", st.weight_column},
        "check --weight-col, or leave it out to count every incident once");
  }
  if (auto_bw) {
    kc.bandwidth_m = auto_bandwidth(pts);
    ctx.info("bandwidth: {:.1f} m (automatic: ArcGIS's spatial variant of Silverman's rule)",
             kc.bandwidth_m);
    if (support_m(kc) < grid.cell_m)
      throw Error(ErrorCode::EmptyInput,
                  fmt::format("the automatic bandwidth is {:.3g} m, less than one {} m cell: the "
                              "{} incidents (nearly) all "
                              "lie on one spot, so no surface follows from them",
                              kc.bandwidth_m, grid.cell_m, inc.size()),
                  {c.incidents.path, "", "--bandwidth"},
                  "give --bandwidth-m, e.g. --bandwidth-m 300");
  }
  if (kc.method == Method::Fast || kc.method == Method::Auto) {
    const std::uint64_t need = memory_needed(grid, kc, Method::Fast);
    if (need > budget) {
      if (kc.method == Method::Fast)
        throw Error(ErrorCode::Resource,
                    fmt::format("the fast path needs {}, more than the {} available",
                                human_bytes(static_cast<double>(need)),
                                human_bytes(static_cast<double>(budget))),
                    {}, "use --method exact, a larger --cell-m or a smaller --extent");
      kc.method = Method::Exact;
    }
  }
  ctx.lap("filtering");
  const publish::Policy& pol = c.publication;
  publish::SurfaceReport pub;
  Surface s;
  if (pol.published()) {
    // The published surface, which locates no single incident (publish/surface.hpp), in
    // place of the exact one.
    publish::check_publication_bandwidth(kc.bandwidth_m, grid.cell_m);
    s = publish::published_density(pts, grid, kc, pol.suppress_below, pub, ctx);
    ctx.info(
        "published surface: {} kernel(s) widened to reach {} incidents, {} isolated incident(s) "
        "spread over 4 x the bandwidth, {} cell(s) reached by fewer than {} incidents set to 0",
        pub.widened, pol.suppress_below, pub.isolated, pub.masked_cells, pol.suppress_below);
    ctx.lap("published surface");
  } else {
    s = kde(pts, grid, kc, ctx);
    ctx.lap(s.used == Method::Exact ? "kernel density (exact)" : "kernel density (fast)");
  }

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
  const double scale = c.units == "km2" ? 1e6 : cell_area;
  std::vector<double> values(s.density.size());
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = s.density[i] * scale;
  if (pol.published()) {  // 2 significant digits: the shape of a kernel is not published
    mass_grid = mass_mask = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
      values[i] = publish::round_significant(values[i], 2);
      const double m = values[i] / scale * cell_area;  // the mass the published file holds
      mass_grid += m;
      if (mask.empty() || mask[i]) mass_mask += m;
    }
  }

  std::uint64_t inside = 0;
  for (std::size_t i = 0; i < inc.size(); ++i) {
    const auto cell = grid.cell_of(inc.x[i], inc.y[i]);
    if (cell && (mask.empty() || mask[static_cast<std::size_t>(*cell)])) ++inside;
  }

  io::RasterWrite rw;
  rw.crs = inc.crs;
  rw.band_description = c.units == "km2"
                            ? "incidents per km2"
                            : fmt::format("expected incidents per {} m cell", grid.cell_m);
  rw.unit = c.units == "km2" ? "incidents/km2" : "incidents/cell";
  rw.metadata = {
      {"HOTSPOT_VERSION", HOTSPOT_VERSION},
      {"HOTSPOT_KERNEL", kernel_name(kc.kernel)},
      {"HOTSPOT_BANDWIDTH_M", fmt::format("{}", kc.bandwidth_m)},
      {"HOTSPOT_CELL_M", fmt::format("{}", grid.cell_m)},
      {"HOTSPOT_UNITS", rw.unit},
      {"HOTSPOT_METHOD", s.used == Method::Exact ? "exact" : "fast (linear binning + FFT)"},
      {"HOTSPOT_FILTER", filter.describe()},
      {"HOTSPOT_N_INCIDENTS", fmt::format("{}", n_weight)},
      {"HOTSPOT_MASS_IN_GRID", fmt::format("{:.6f}", mass_grid)},
      {"HOTSPOT_MASS_IN_MASK", fmt::format("{:.6f}", mass_mask)}};
  rw.metadata["HOTSPOT_PUBLICATION"] = pol.description();
  if (pol.published()) {
    rw.metadata["HOTSPOT_PUBLISHED_SURFACE"] = fmt::format(
        "adaptive bandwidth (each kernel reaches {} incidents, at most {:.0f} m), cells reached "
        "by fewer than {} incidents 0, values to 2 significant digits",
        pol.suppress_below, 4 * kc.bandwidth_m, pol.suppress_below);
    rw.metadata["HOTSPOT_MASKED_CELLS"] = fmt::format("{}", pub.masked_cells);
  }
  if (kc.kernel == Kernel::Gaussian)
    rw.metadata["HOTSPOT_GAUSSIAN_CUTOFF"] = fmt::format("{}", kc.gaussian_cutoff);
  ctx.lap("mask and mass accounting");
  step::write_raster(env, grid, values, mask.empty() ? nullptr : &mask, out, rw);
  ctx.lap("writing the GeoTIFF");
  ctx.info(
      "density: {} incidents, {} kernel, bandwidth {:.0f} m, {} x {} cells of {} m ({}); the "
      "surface holds {:.1f} of {:.0f} "
      "(the rest lies outside the {})",
      inc.size(), kernel_name(kc.kernel), kc.bandwidth_m, grid.ncols, grid.nrows, grid.cell_m,
      s.used == Method::Exact ? "exact" : "fast", mass_mask, n_weight,
      mask.empty() ? "extent" : "mask");

  if (!c.hotspots.empty()) {
    HotspotConfig hcu = hc;
    const auto reg = find_hotspots(grid, values, mask.empty() ? nullptr : &mask, hcu);
    auto polys = io::polygonize_labels(grid, reg.label, reg.n, inc.crs);
    std::vector<std::int64_t> n_in(static_cast<std::size_t>(reg.n), 0),
        cells(static_cast<std::size_t>(reg.n), 0);
    std::vector<double> mass(static_cast<std::size_t>(reg.n), 0),
        vmax(static_cast<std::size_t>(reg.n), 0);
    for (std::size_t i = 0; i < reg.label.size(); ++i) {
      const int l = reg.label[i];
      if (l < 0) continue;
      ++cells[static_cast<std::size_t>(l)];
      mass[static_cast<std::size_t>(l)] += s.density[i] * cell_area;
      vmax[static_cast<std::size_t>(l)] = std::max(vmax[static_cast<std::size_t>(l)], values[i]);
    }
    for (std::size_t i = 0; i < inc.size(); ++i) {
      const auto cell = grid.cell_of(inc.x[i], inc.y[i]);
      if (cell && reg.label[static_cast<std::size_t>(*cell)] >= 0)
        ++n_in[static_cast<std::size_t>(reg.label[static_cast<std::size_t>(*cell)])];
    }
    Table t;
    t.crs = inc.crs;
    t.fields = {{"hotspot_id", FieldType::Integer},  {"area_km2", FieldType::Real},
                {"n_incidents", FieldType::Integer}, {"share_incidents", FieldType::Real},
                {"share_area", FieldType::Real},     {"share_mass", FieldType::Real},
                {"max_density", FieldType::Real},    {"threshold", FieldType::Real}};
    std::int64_t tot_in = 0, tot_cells = 0;
    for (int l = 0; l < reg.n; ++l) {
      const auto L = static_cast<std::size_t>(l);
      tot_in += n_in[L];
      tot_cells += cells[L];
      t.rows.push_back(
          {Value(std::int64_t(l + 1)), Value(static_cast<double>(cells[L]) * cell_area / 1e6),
           Value(n_in[L]), Value(static_cast<double>(n_in[L]) / static_cast<double>(inc.size())),
           Value(static_cast<double>(cells[L]) / static_cast<double>(reg.cells_in_mask)),
           Value(mass[L] / n_weight), Value(vmax[L]), Value(reg.threshold)});
      t.geometries.push_back(std::move(polys[L]));
    }
    step::write_result(env, std::filesystem::path(c.hotspots).stem().string(), t, pol, {c.hotspots},
                       c.out_layer);
    ctx.info(
        "hotspot areas: {} region(s) covering {:.1f} % of the area ({:.2f} km2) hold {:.1f} % of "
        "the incidents",
        reg.n, 100.0 * static_cast<double>(tot_cells) / static_cast<double>(reg.cells_in_mask),
        static_cast<double>(tot_cells) * cell_area / 1e6,
        100.0 * static_cast<double>(tot_in) / static_cast<double>(inc.size()));
  }
  ctx.always(summary_line(st.read, inside, inc.size() - inside, st.rejected, n_filtered) +
             geocoded_term(st));
}

}  // namespace hotspot::density
