#include "hotspot/stats/step.hpp"

#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "hotspot/core/atomic_file.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/paths.hpp"
#include "hotspot/core/values.hpp"
#include "hotspot/io/raster.hpp"
#include "hotspot/io/table_writer.hpp"
#include "hotspot/join/contiguity.hpp"
#include "hotspot/join/join.hpp"
#include "hotspot/join/point_in_polygon.hpp"
#include "hotspot/stats/stats.hpp"

namespace hotspot::stats {

namespace {

GeometryPtr square(double x0, double y0, double c) {
  auto ring = std::make_unique<OGRLinearRing>();
  ring->addPoint(x0, y0);
  ring->addPoint(x0 + c, y0);
  ring->addPoint(x0 + c, y0 + c);
  ring->addPoint(x0, y0 + c);
  ring->addPoint(x0, y0);
  auto p = std::make_unique<OGRPolygon>();
  p->addRingDirectly(ring.release());
  return GeometryPtr(p.release());
}

GeometryPtr hexagon(double cx, double cy, double r) {
  auto ring = std::make_unique<OGRLinearRing>();
  for (int k = 0; k <= 6; ++k) {  // pointy-top: vertices at 30 + 60 k degrees
    const double a = M_PI / 180.0 * (30.0 + 60.0 * (k % 6));
    ring->addPoint(cx + r * std::cos(a), cy + r * std::sin(a));
  }
  auto p = std::make_unique<OGRPolygon>();
  p->addRingDirectly(ring.release());
  return GeometryPtr(p.release());
}

Value num(double v) {
  return std::isfinite(v) ? Value(v) : Value{};
}
/// Counts are whole numbers unless a weight column makes them sums of weights.
Value count_value(double v) {
  return v == std::floor(v) && std::abs(v) < 9e15 ? Value(static_cast<std::int64_t>(v)) : Value(v);
}

struct Checked {
  WeightsSpec ws;
  bool gistar = false, on_grid = false, with_geometry = false;
};

Checked check(const StatsConfig& c) {
  Checked k;
  // CSV carries attributes only: no cell polygons to build.
  k.with_geometry = io::format_from_path(c.out) != io::TableFormat::Csv;
  k.on_grid = c.grid_m > 0 || !c.extent.empty();
  if (k.on_grid == !c.areas.path.empty())
    throw Error(ErrorCode::Usage,
                "give either a grid (--grid-m C --extent XMIN,YMIN,XMAX,YMAX) or --areas FILE",
                {"", "", "--grid-m"}, "e.g. --grid-m 250 --extent 200000,468000,215000,482000");
  if (k.on_grid && (!(c.grid_m > 0) || (c.extent.empty() && c.mask.empty())))
    throw Error(ErrorCode::Usage,
                "a grid needs --grid-m (positive) and a study area, --extent or --mask",
                {"", "", "--grid-m"},
                "e.g. --grid-m 250 --extent 200000,468000,215000,482000, or --grid-m 250 --mask "
                "gemeente.geojson");
  if (!(c.fdr > 0 && c.fdr < 1))
    throw Error(ErrorCode::Usage, "--fdr must lie between 0 and 1", {"", "", "--fdr"},
                "e.g. --fdr 0.05");
  if (c.permutations < 0 || c.permutations > 99999)
    throw Error(ErrorCode::Usage, "--permutations must lie between 0 and 99999",
                {"", "", "--permutations"});
  k.gistar = c.method == "gistar";
  if (!c.weights.empty())
    k.ws = parse_weights(c.weights);
  else if (k.gistar)
    k.ws.auto_distance = true;
  else
    k.ws.kind = WeightKind::Queen;
  k.ws.style = c.style.empty() ? (k.gistar ? Style::Binary : Style::Row)
                               : (c.style == "row" ? Style::Row : Style::Binary);
  (void)c.filter.make();
  {
    std::filesystem::path summary_json = c.out;
    summary_json.replace_extension(".summary.json");
    check_output_paths(
        {{"--incidents", c.incidents.path}, {"--areas", c.areas.path}, {"--mask", c.mask}},
        {{"--out", c.out},
         {"summary", summary_json},
         {"--rejects", step::rejects_path(c.rejects, c.out)}});
  }

  if (!c.extent.empty()) {
    double x0, y0, x1, y1;
    parse_extent(c.extent, x0, y0, x1, y1);
  }
  if (k.on_grid && (!c.value_col.empty() || !c.per_col.empty()))
    throw Error(ErrorCode::Usage, "--value-col and --per-col are attributes of --areas",
                {"", "", "--value-col"},
                "give --areas FILE with them, or leave them out for a grid");
  if (c.incidents.path.empty() && c.value_col.empty())
    throw Error(ErrorCode::Usage, "--incidents is required (or, with --areas, --value-col)",
                {"", "", "--incidents"}, "give the incident file with --incidents");
  if (!c.incidents.path.empty() && !c.value_col.empty())
    throw Error(ErrorCode::Usage,
                "--value-col takes the values from the areas: --incidents is not used with it",
                {"", "", "--value-col"}, "leave one of them out");
  return k;
}

}  // namespace

void declare(OptionSet& s, StatsConfig& c) {
  step::declare_incidents(s, c.incidents, false);
  s.text("value-col", &c.value_col,
         "With --areas: the statistic on this area attribute (a count from another source, a rate) "
         "instead of incidents")
      .column("areas");
  s.text("per-col", &c.per_col,
         "With --areas: divide by this attribute (e.g. aantal_inwoners) for a rate per 1,000")
      .column("areas");
  s.number("grid-m", &c.grid_m, "Cell size of a regular grid in metres")
      .unit("m")
      .at_least(0)
      .def("");
  s.text("extent", &c.extent,
         "Grid extent XMIN,YMIN,XMAX,YMAX (working CRS), anchored at XMIN,YMIN");
  s.flag("hex", &c.hex, "Hexagonal cells (--grid-m = distance between centres)");
  s.text("mask", &c.mask, "Only grid cells whose centre lies in these polygons are units")
      .input()
      .format("vector");
  s.text("areas", &c.areas.path, "Polygons as units instead of a grid (e.g. buurten)")
      .input()
      .format("vector");
  s.text("areas-layer", &c.areas.layer, "Layer of a multi-layer source");
  s.text("areas-where", &c.areas.where, "Attribute filter for the areas");
  s.text("method", &c.method, "gistar or lisa").required().choices({"gistar", "lisa"});
  s.text("weights", &c.weights,
         "distance:D (metres, centre to centre, inclusive), knn:K, queen or rook. Default: gistar "
         "chooses a "
         "distance band (optimized hot spots), lisa uses queen");
  s.text("style", &c.style, "binary or row (default: binary for gistar, row for lisa)")
      .choices({"binary", "row"});
  s.integer("permutations", &c.permutations, "Local Moran permutations (0 = none)").range(0, 99999);
  s.integer("seed", &c.seed, "Seed of the permutations");
  s.number("fdr", &c.fdr, "Significance level for clusters and the FDR summary").range(0, 1);
  s.text("out", &c.out, "Output (.csv, .geojson or .gpkg); a <out>.summary.json goes beside it")
      .required()
      .output()
      .group("output")
      .format("vector");
  step::declare_out_layer(s, c.out_layer);
  step::declare_rejects(s, c.rejects);
  step::declare_filter(s, c.filter);
  publish::declare(s, c.publication);
}

void validate(const StatsConfig& c, const step::Env&) {
  publish::validate(c.publication);
  (void)check(c);
}

void run(const StatsConfig& c, step::Env& env) {
  RunContext& ctx = env.ctx;
  const Checked k = check(c);
  const bool with_geometry = k.with_geometry, on_grid = k.on_grid, gistar = k.gistar;
  WeightsSpec ws = k.ws;
  const IncidentFilter filter = c.filter.make();
  RejectsSink rejects;
  IncidentTable all;
  io::ReadStats st;
  if (!c.incidents.path.empty())
    st = step::read_incidents_or_fail(c.incidents, all, rejects, env, c.rejects, c.out);
  ctx.lap("reading the incidents");
  std::uint64_t n_filtered = 0;
  const IncidentTable inc =
      step::select_incidents(std::move(all), filter, ctx, c.incidents.path, n_filtered);

  // Units and their counts.
  Units u;
  std::vector<double> counts;
  Table t;
  t.crs = inc.crs;
  std::uint64_t inside = 0;
  std::shared_ptr<const AreaLayer> areas;
  std::function<void(std::size_t, std::vector<Value>&)> base_row, stats_row;
  std::function<GeometryPtr(std::size_t)> geometry;
  if (on_grid) {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    std::shared_ptr<const AreaLayer> mask;
    if (!c.mask.empty()) {
      io::AreaSourceConfig mc;
      mc.path = c.mask;
      mask = step::read_areas(mc, env);
    }
    if (!c.extent.empty()) {
      parse_extent(c.extent, x0, y0, x1, y1);
    } else {  // the mask's bounding box, on whole cells
      const auto b = step::bounds_of(*mask);
      const Grid snapped = Grid::snapped(b[0], b[1], b[2], b[3], c.grid_m);
      x0 = snapped.xmin;
      y0 = snapped.ymin;
      x1 = snapped.xmax();
      y1 = snapped.ymax();
    }
    if (!c.hex) {
      const Grid grid = Grid::from_extent(x0, y0, x1, y1, c.grid_m);
      if (grid.size() > 50'000'000)
        throw Error(ErrorCode::Resource,
                    fmt::format("a grid of {} cells is too large", grid.size()),
                    {"", "", "--grid-m"}, "use a larger --grid-m or a smaller --extent");
      std::vector<std::uint8_t> in(static_cast<std::size_t>(grid.size()), 1);
      if (mask) in = io::rasterize_mask(*mask, grid);
      u.grid = grid;
      u.unit_of.assign(static_cast<std::size_t>(grid.size()), -1);
      for (std::int64_t cell = 0; cell < grid.size(); ++cell)
        if (in[static_cast<std::size_t>(cell)]) {
          u.unit_of[static_cast<std::size_t>(cell)] = static_cast<std::int32_t>(u.cell.size());
          u.cell.push_back(cell);
          u.x.push_back(grid.cx(cell % grid.ncols));
          u.y.push_back(grid.cy(cell / grid.ncols));
        }
      counts.assign(u.size(), 0.0);
      for (std::size_t i = 0; i < inc.size(); ++i)
        if (auto cell = grid.cell_of(inc.x[i], inc.y[i]);
            cell && u.unit_of[static_cast<std::size_t>(*cell)] >= 0) {
          counts[static_cast<std::size_t>(u.unit_of[static_cast<std::size_t>(*cell)])] +=
              inc.weight[i];
          ++inside;
        }
    } else {
      const HexGrid hg = HexGrid::covering(x0, y0, x1, y1, c.grid_m);
      if (hg.g.size() > 50'000'000)
        throw Error(ErrorCode::Resource,
                    fmt::format("a grid of {} hexagons is too large", hg.g.size()),
                    {"", "", "--grid-m"}, "use a larger --grid-m or a smaller --extent");
      u.grid = hg.g;
      u.hex = true;
      u.unit_of.assign(static_cast<std::size_t>(hg.g.size()), -1);
      std::optional<join::PolygonIndex> mindex;
      if (mask) mindex.emplace(*mask);
      std::vector<std::int32_t> hit;
      for (std::int64_t cell = 0; cell < hg.g.size(); ++cell) {
        const std::int64_t row = cell / hg.g.ncols, col = cell % hg.g.ncols;
        const double cx = hg.cx(col, row), cy = hg.cy(row);
        // Units: the cells that reach into the extent (centre within it, grown by the radius).
        const double rr = hg.radius();
        if (cx < x0 - rr || cx > x1 + rr || cy < y0 - rr || cy > y1 + rr) continue;
        if (mindex) {
          mindex->assign(cx, cy, hit);
          if (hit.empty()) continue;
        }
        u.unit_of[static_cast<std::size_t>(cell)] = static_cast<std::int32_t>(u.cell.size());
        u.cell.push_back(cell);
        u.x.push_back(cx);
        u.y.push_back(cy);
      }
      counts.assign(u.size(), 0.0);
      for (std::size_t i = 0; i < inc.size(); ++i)
        if (auto cell = hg.cell_of(inc.x[i], inc.y[i]);
            cell && u.unit_of[static_cast<std::size_t>(*cell)] >= 0) {
          counts[static_cast<std::size_t>(u.unit_of[static_cast<std::size_t>(*cell)])] +=
              inc.weight[i];
          ++inside;
        }
    }
    t.fields = {{"cell_id", FieldType::Integer}, {"col", FieldType::Integer},
                {"row", FieldType::Integer},     {"x", FieldType::Real},
                {"y", FieldType::Real},          {"count", FieldType::Integer}};
    // Rows and cells are made as they are written (a million-cell grid needs no table).
    base_row = [&u, &counts](std::size_t i, std::vector<Value>& row) {
      const std::int64_t cell = u.cell[i];
      row.emplace_back(cell);
      row.emplace_back(cell % u.grid->ncols);
      row.emplace_back(cell / u.grid->ncols);
      row.emplace_back(u.x[i]);
      row.emplace_back(u.y[i]);
      row.push_back(count_value(counts[i]));
    };
    if (with_geometry)
      geometry = [&u, hex = c.hex, cm = c.grid_m](std::size_t i) {
        return hex ? hexagon(u.x[i], u.y[i], cm / std::sqrt(3.0))
                   : square(u.x[i] - cm / 2, u.y[i] - cm / 2, cm);
      };
  } else {
    areas = step::read_areas(c.areas, env);
    join::JoinConfig jc;
    const auto jr = join::join_points(inc, *areas, jc, ctx);
    inside = jr.joined;
    // The value of each area: its incidents (weighted, with --weight-col), or an attribute;
    // divided by --per-col for a rate per 1,000. Duplicate polygons keep their own values.
    std::vector<double> value(areas->size());
    for (std::size_t a = 0; a < areas->size(); ++a) value[a] = static_cast<double>(jr.total[a]);
    if (!st.weight_column.empty()) {
      std::fill(value.begin(), value.end(), 0.0);
      join::PolygonIndex index(*areas);
      std::vector<std::int32_t> hit;
      for (std::size_t i = 0; i < inc.size(); ++i) {
        index.assign(inc.x[i], inc.y[i], hit);
        for (std::int32_t a : hit) value[static_cast<std::size_t>(a)] += inc.weight[i];
      }
    }
    auto attribute = [&](const std::string& col, const char* option) {
      const int f = areas->table.field_index(col);
      if (f < 0)
        throw Error(ErrorCode::InputFormat, fmt::format("no area attribute '{}'", col),
                    {c.areas.path, "", col},
                    fmt::format("name a numeric column of the area layer with {}", option));
      std::vector<double> v(areas->size());
      for (std::size_t a = 0; a < areas->size(); ++a) {
        const Value& x = areas->table.rows[a][static_cast<std::size_t>(f)];
        const double d = value_number(x).value_or(std::nan(""));
        // CBS marks secret or missing figures with negative codes (-99997): not a value.
        if (!std::isfinite(d) || d < 0)
          throw Error(
              ErrorCode::InputFormat,
              fmt::format("area {} has no usable value in '{}' ({})", a + 1, col, value_text(x)),
              {c.areas.path, "", col, static_cast<std::int64_t>(a + 1)},
              "leave such areas out with --areas-where, e.g. --areas-where \"" + col + " >= 0\"");
        v[a] = d;
      }
      return v;
    };
    if (!c.value_col.empty()) value = attribute(c.value_col, "--value-col");
    if (!c.per_col.empty()) {
      const auto per = attribute(c.per_col, "--per-col");
      for (std::size_t a = 0; a < areas->size(); ++a) {
        if (!(per[a] > 0))
          throw Error(ErrorCode::InputFormat,
                      fmt::format("area {} has {} = 0: no rate", a + 1, c.per_col),
                      {c.areas.path, "", c.per_col}, "leave such areas out with --areas-where");
        value[a] = 1000.0 * value[a] / per[a];
      }
    }
    const std::string value_field = !c.per_col.empty()     ? "rate_per_1000"
                                    : !c.value_col.empty() ? "value"
                                                           : "count";
    const auto cont = join::polygon_contiguity(*areas);
    u.queen = cont.queen;
    u.rook = cont.rook;
    t.fields = areas->table.fields;
    t.fields.push_back({"x", FieldType::Real});
    t.fields.push_back({"y", FieldType::Real});
    t.fields.push_back({value_field, value_field == "count" && st.weight_column.empty()
                                         ? FieldType::Integer
                                         : FieldType::Real});
    for (std::size_t a = 0; a < areas->size(); ++a) {
      OGRPoint centroid;
      areas->table.geometries[a]->Centroid(&centroid);
      u.x.push_back(centroid.getX());
      u.y.push_back(centroid.getY());
      counts.push_back(value[a]);
    }
    base_row = [&u, &counts, &areas](std::size_t a, std::vector<Value>& row) {
      row.insert(row.end(), areas->table.rows[a].begin(), areas->table.rows[a].end());
      row.emplace_back(u.x[a]);
      row.emplace_back(u.y[a]);
      row.emplace_back(count_value(counts[a]));
    };
    if (with_geometry)
      geometry = [&areas](std::size_t a) {
        return GeometryPtr(areas->table.geometries[a]->clone());
      };
  }
  ctx.info("{} spatial units, {} incidents in them{}", u.size(), inside,
           filter.uses_time() || !filter.categories.empty()
               ? fmt::format(" (filter: {})", filter.describe())
               : "");

  // With a weight column, counts are sums of weights and may not be whole numbers.
  if (const int ci = t.field_index("count"); ci >= 0)
    for (const double v : counts)
      if (std::holds_alternative<double>(count_value(v))) {
        t.fields[static_cast<std::size_t>(ci)].type = FieldType::Real;
        break;
      }
  if (u.size() < 3)
    throw Error(
        ErrorCode::EmptyInput,
        fmt::format("{} spatial unit(s): at least 3 are needed for hotspot statistics", u.size()),
        {}, "use a larger extent, a smaller cell or more areas");
  nlohmann::ordered_json summary;
  summary["method"] = gistar ? "Getis-Ord Gi* (self included)" : "Local Moran's I";
  summary["units"] = u.size();
  // A small total is a small count too (a rare category in the whole municipality).
  if (c.publication.published() && inside > 0 &&
      inside < static_cast<std::uint64_t>(c.publication.suppress_below))
    summary["incidents_in_units"] = nullptr;
  else
    summary["incidents_in_units"] = inside;
  summary["filter"] = filter.describe();
  if (ws.auto_distance) {
    const auto choice = choose_distance(u, counts, ctx);
    ws.kind = WeightKind::Distance;
    ws.distance_m = choice.distance_m;
    ctx.info("distance band: {:.0f} m ({})", choice.distance_m, choice.how);
    summary["distance_band_m"] = choice.distance_m;
    summary["distance_band_choice"] = choice.how;
    for (const auto& [d, z] : choice.profile)
      summary["moran_z_by_distance"].push_back({{"distance_m", d}, {"moran_z", z}});
  }
  summary["weights"] = describe(ws);

  ctx.lap("spatial units and counts");
  std::size_t sig_hot = 0, sig_cold = 0;
  std::optional<GiResult> gi;
  std::optional<LisaResult> lisa;
  if (gistar) {
    const auto& r = gi.emplace(gi_star(u, counts, ws, ctx));
    t.fields.insert(t.fields.end(), {{"n_neigh", FieldType::Integer},
                                     {"gi_z", FieldType::Real},
                                     {"gi_p", FieldType::Real},
                                     {"gi_p_fdr", FieldType::Real},
                                     {"gi_class", FieldType::Integer},
                                     {"gi_class_fdr", FieldType::Integer}});
    stats_row = [&r](std::size_t i, std::vector<Value>& row) {
      row.emplace_back(std::int64_t{r.n_neigh[i]});
      for (const double v : {r.z[i], r.p[i], r.p_fdr[i]}) row.push_back(num(v));
      row.emplace_back(std::int64_t{r.cls[i]});
      row.emplace_back(std::int64_t{r.cls_fdr[i]});
    };
    for (std::size_t i = 0; i < u.size(); ++i)
      if (r.p_fdr[i] < c.fdr) (r.z[i] > 0 ? sig_hot : sig_cold)++;
    std::map<int, std::size_t> classes;
    for (int cls : r.cls) ++classes[cls];
    for (const auto& [cls, n] : classes) summary["gi_class_counts"][std::to_string(cls)] = n;
    ctx.info("Gi*: {} hot and {} cold units significant at FDR {}; 99 % hot spots (gi_class 3): {}",
             sig_hot, sig_cold, c.fdr, classes[3]);
  } else {
    LisaConfig lc;
    lc.permutations = c.permutations;
    lc.seed = c.seed;
    lc.alpha = c.fdr;
    const auto& r = lisa.emplace(local_moran(u, counts, ws, lc, ctx));
    t.fields.insert(t.fields.end(), {{"n_neigh", FieldType::Integer},
                                     {"lisa_i", FieldType::Real},
                                     {"lisa_e", FieldType::Real},
                                     {"lisa_var", FieldType::Real},
                                     {"lisa_z", FieldType::Real},
                                     {"lisa_p", FieldType::Real},
                                     {"lisa_p_perm", FieldType::Real},
                                     {"lisa_cluster", FieldType::String}});
    std::map<std::string, std::size_t> types;
    stats_row = [&r](std::size_t i, std::vector<Value>& row) {
      row.emplace_back(std::int64_t{r.n_neigh[i]});
      for (const double v : {r.i[i], r.e[i], r.var[i], r.z[i], r.p[i], r.p_perm[i]})
        row.push_back(num(v));
      row.emplace_back(r.cluster[i]);
    };
    for (std::size_t i = 0; i < u.size(); ++i) ++types[r.cluster[i]];
    for (const auto& [cluster, n] : types) summary["lisa_cluster_counts"][cluster] = n;
    if (r.no_neighbours > 0) {
      ctx.warn("{} unit(s) have no neighbours under {}: their Local Moran is left empty",
               r.no_neighbours, describe(ws));
      summary["units_without_neighbours"] = r.no_neighbours;
    }
    ctx.info("Local Moran: HH {}, LL {}, HL {}, LH {} at p < {}{}", types["HH"], types["LL"],
             types["HL"], types["LH"], c.fdr,
             c.permutations > 0 ? fmt::format(" ({} permutations)", c.permutations) : "");
  }
  ctx.lap(gistar ? "Gi*" : "Local Moran's I");
  // Global Moran's I and General G with the same (self-excluded) neighbours.
  {
    const auto gr = global_stats(u, counts, ws, ctx.thread_count());
    summary["global_moran"] = {{"I", gr.moran_i},
                               {"expectation", gr.moran_e},
                               {"variance", gr.moran_var},
                               {"z", gr.moran_z},
                               {"p", gr.moran_p}};
    summary["general_g"] = {
        {"G", gr.g}, {"expectation", gr.g_e}, {"variance", gr.g_var}, {"z", gr.g_z}, {"p", gr.g_p}};
    ctx.info("global Moran's I {:.4f} (z {:.2f}, p {:.3g}); General G {:.4g} (z {:.2f}, p {:.3g})",
             gr.moran_i, gr.moran_z, gr.moran_p, gr.g, gr.g_z, gr.g_p);
  }
  ctx.lap("global Moran's I and General G");
  io::RowSource src;
  src.fields = t.fields;
  src.size = u.size();
  src.crs = inc.crs;
  src.row = [&](std::size_t i, std::vector<Value>& row) {
    base_row(i, row);
    stats_row(i, row);
  };
  if (with_geometry) src.geometry = geometry;
  const publish::Policy& pol = c.publication;
  publish::validate(pol);
  if (pol.published()) {
    // Classes are published, the exact statistics and counts not (publish/counts.hpp): with
    // them the counts can be solved for.
    Table shape;
    shape.fields = t.fields;
    auto drop = publish::layout_of(shape).drop;
    std::sort(drop.rbegin(), drop.rend());
    for (std::size_t j : drop)
      src.fields.erase(src.fields.begin() + static_cast<std::ptrdiff_t>(j));
    src.row = [&, drop](std::size_t i, std::vector<Value>& row) {
      base_row(i, row);
      stats_row(i, row);
      for (std::size_t j : drop) row.erase(row.begin() + static_cast<std::ptrdiff_t>(j));
    };
  }
  summary["publication"] = pol.description();
  step::write_table(env, src, c.out, {c.out_layer, {}, pol.description()});
  std::filesystem::path sp = c.out;
  sp.replace_extension(".summary.json");
  write_file_atomically(sp, summary.dump(2) + "\n");
  ctx.lap("writing");
  if (!c.incidents.path.empty())
    ctx.always(step::summary_line(st.read, inside, inc.size() - inside, st.rejected, n_filtered) +
               step::geocoded_term(st));
}

}  // namespace hotspot::stats
