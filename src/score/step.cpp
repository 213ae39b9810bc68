#include "hotspot/score/step.hpp"

#include <cmath>
#include <numeric>
#include <optional>

#include <fmt/format.h>

#include "hotspot/io/categories.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/paths.hpp"
#include "hotspot/core/timeutil.hpp"
#include "hotspot/io/raster.hpp"
#include "hotspot/io/table_writer.hpp"
#include "hotspot/join/point_in_polygon.hpp"

namespace hotspot::score {

void declare(OptionSet& s, ScoreStepConfig& c) {
  s.text("locations", &c.locations.path,
         "Locations: CSV with coordinates, GeoJSON, GeoPackage, any OGR source")
      .required()
      .input()
      .format("vector");
  s.text("locations-layer", &c.locations.layer, "Layer of a multi-layer source");
  s.text("locations-crs", &c.locations.crs,
         "CRS of the location coordinates (default as for incidents)");
  s.text("loc-x-col", &c.locations.x_col, "Location x column (auto-detected)").column("locations");
  s.text("loc-y-col", &c.locations.y_col, "Location y column (auto-detected)").column("locations");
  s.text("loc-lon-col", &c.locations.lon_col, "Location longitude column").column("locations");
  s.text("loc-lat-col", &c.locations.lat_col, "Location latitude column").column("locations");
  step::declare_incidents(s, c.incidents);
  s.number("radius-m", &c.score.radius_m, "Radius around point locations (inclusive)")
      .unit("m")
      .at_least(0);
  s.number("buffer-m", &c.score.buffer_m, "Buffer around polygon locations").unit("m").at_least(0);
  s.text("window", &c.window, "Time window ending at --at: 365d, 52w, 12m, 1y (default 365d)");
  s.text("at", &c.at, "End of the window (YYYY-MM-DD; default: the newest incident)");
  s.text("density", &c.density,
         "Density GeoTIFF from `hotspot density`: its value at each location")
      .input()
      .format("raster");
  s.text("stats", &c.stats,
         "Gi* layer from `hotspot stats` (.geojson/.gpkg): the gi_class at each location")
      .input()
      .format("vector");
  s.text("places", &c.places,
         "Named hotspot places for the distance (default: the profile's places)")
      .input()
      .format("vector");
  s.text("config", &c.config,
         "TOML with [score] half_life_days, default_weight and [score.weights]")
      .input()
      .format("toml");
  s.text("out", &c.out, "Output (.csv, .geojson or .gpkg), sorted by rank")
      .required()
      .output()
      .group("output")
      .format("vector");
  step::declare_out_layer(s, c.out_layer);
  step::declare_rejects(s, c.rejects);
  step::declare_filter(s, c.filter);
  publish::declare(s, c.publication);
}

namespace {

ScoreConfig check(const ScoreStepConfig& c) {
  (void)io::format_from_path(c.out);
  check_output_paths({{"--locations", c.locations.path},
                      {"--incidents", c.incidents.path},
                      {"--density", c.density},
                      {"--stats", c.stats},
                      {"--config", c.config}},
                     {{"--out", c.out}, {"--rejects", step::rejects_path(c.rejects, c.out)}});
  ScoreConfig sc;
  if (!c.config.empty()) load_score_config(c.config, sc);
  // Options given on the command line win over the file.
  if (c.given.count("radius-m") || c.config.empty()) sc.radius_m = c.score.radius_m;
  if (c.given.count("buffer-m") || c.config.empty()) sc.buffer_m = c.score.buffer_m;
  if (c.given.count("window")) sc.window_s = parse_window(c.window);
  sc.validate();
  (void)c.filter.make();
  if (!c.at.empty()) (void)parse_date_option(c.at, "--at");
  return sc;
}

}  // namespace

void validate(const ScoreStepConfig& c, const step::Env&) {
  publish::validate(c.publication);
  publish::refuse_incidents_as_places(c.publication, c.locations.path, c.incidents.path,
                                      "--locations");
  (void)check(c);
}

void run(const ScoreStepConfig& c, step::Env& env) {
  RunContext& ctx = env.ctx;
  const ScoreConfig sc = check(c);
  const IncidentFilter filter = c.filter.make();
  RejectsSink rejects;
  IncidentTable all;
  const io::ReadStats st = step::read_incidents_or_fail(c.incidents, all, rejects, env, "", c.out);
  std::uint64_t n_filtered = 0;
  const IncidentTable inc =
      step::select_incidents(std::move(all), filter, ctx, c.incidents.path, n_filtered);
  std::int64_t at = 0;
  if (!c.at.empty()) {
    at = parse_date_option(c.at, "--at") + (c.at.size() <= 10 ? 86399 : 0);  // a date means its end
  } else {
    at = kNoTime;
    for (auto t : inc.time) at = std::max(at, t);
    if (at == kNoTime) {
      at = 0;
      ctx.warn(
          "the incidents have no timestamps: windows and trends are empty, scores are undecayed "
          "counts");
    }
  }
  RejectsSink loc_rejects;
  io::LocationStats ls;
  io::LocationSourceConfig lc = c.locations;
  Table t = step::read_locations(lc, loc_rejects, ls, env);
  if (t.size() == 0) {
    if (loc_rejects.size())
      step::write_rejects(loc_rejects, step::rejects_path(c.rejects, c.out, env.rejects_dir), env);
    throw Error(ErrorCode::EmptyInput, "no usable locations", {c.locations.path},
                "check the coordinate columns and the CRS");
  }
  const auto scores = score_locations(t.geometries, inc, sc, at, ctx);
  const auto rank = ranks(scores);

  // Density and Gi* class at the representative point of each location (the rule route uses
  // too: a point on the surface, inside the polygon).
  std::vector<OGRPoint> rep(t.size());
  for (std::size_t i = 0; i < t.size(); ++i) rep[i] = step::representative_point(*t.geometries[i]);
  std::vector<double> dens(t.size(), std::nan(""));
  if (!c.density.empty()) {
    Grid dg;
    const auto dv = step::read_raster(c.density, dg, env);
    for (std::size_t i = 0; i < t.size(); ++i)
      if (auto cell = dg.cell_of(rep[i].getX(), rep[i].getY()))
        dens[i] = dv[static_cast<std::size_t>(*cell)];
  }
  std::vector<std::optional<std::int64_t>> gi(t.size());
  if (!c.stats.empty()) {
    io::AreaSourceConfig ac;
    ac.path = c.stats;
    const auto slp = step::read_areas(ac, env);
    const AreaLayer& sl = *slp;
    const int gc = sl.table.field_index("gi_class");
    if (gc < 0)
      throw Error(ErrorCode::InputFormat, "no gi_class field", {c.stats, "", "gi_class"},
                  "give a Gi* result of `hotspot stats --method gistar` as .geojson or .gpkg");
    join::PolygonIndex idx(sl);
    std::vector<std::int32_t> hit;
    for (std::size_t i = 0; i < t.size(); ++i) {
      idx.assign(rep[i].getX(), rep[i].getY(), hit);
      if (!hit.empty())
        if (auto* v = std::get_if<std::int64_t>(&sl.table.rows[static_cast<std::size_t>(
                hit.front())][static_cast<std::size_t>(gc)]))
          gi[i] = *v;
    }
  }
  io::AreaSourceConfig pc;
  pc.path = c.places.empty() ? env.profile.places.string() : c.places;
  if (pc.path.empty())
    throw Error(ErrorCode::Usage, fmt::format("the profile {} names no places", env.profile.name),
                {env.profile.file.string(), "profile", "places"},
                "give --places FILE with the named hotspot places");
  pc.working_crs = env.profile.working_crs;
  RunContext quiet;
  quiet.verbosity = Verbosity::Quiet;
  step::Env quiet_env{quiet, env.profile, env.cache};
  const auto places_p = step::read_areas(pc, quiet_env);
  const AreaLayer& places = *places_p;
  const int pname = places.table.field_index("name") >= 0 ? places.table.field_index("name") : 0;
  const auto nearest = nearest_places(t.geometries, places.table.geometries, ctx);

  // The output: own attributes, then the columns that drove the score.
  const std::vector<int> cats = inc.categories.sorted_ids();
  Table out;
  out.crs = t.crs;
  out.fields = t.fields;
  out.fields.push_back({"n_incidents", FieldType::Integer});
  {
    std::vector<std::string> reserved{"n_incidents", "n_window", "n_prev_window"};
    for (const auto& f : t.fields) reserved.push_back(fold_category(f.name));
    std::vector<std::string> renamed;
    for (auto& name : category_columns(inc.categories, cats, reserved, &renamed))
      out.fields.push_back({std::move(name), FieldType::Integer});
    for (const auto& w : renamed) ctx.warn("{}", w);
  }
  for (const char* f : {"n_window", "n_prev_window"}) out.fields.push_back({f, FieldType::Integer});
  out.fields.push_back({"trend", FieldType::Real});
  out.fields.push_back({"trend_p", FieldType::Real});
  if (!c.density.empty()) out.fields.push_back({"density", FieldType::Real});
  if (!c.stats.empty()) out.fields.push_back({"gi_class", FieldType::Integer});
  out.fields.push_back({"nearest_hotspot", FieldType::String});
  out.fields.push_back({"dist_hotspot_m", FieldType::Real});
  out.fields.push_back({"top_category", FieldType::String});
  out.fields.push_back({"score", FieldType::Real});
  out.fields.push_back({"rank", FieldType::Integer});
  std::vector<std::size_t> order(t.size());
  for (std::size_t i = 0; i < t.size(); ++i) order[static_cast<std::size_t>(rank[i] - 1)] = i;
  for (std::size_t i : order) {
    const auto& s = scores[i];
    std::vector<Value> row = t.rows[i];
    row.emplace_back(s.total);
    for (int cat : cats) row.emplace_back(s.by_category[static_cast<std::size_t>(cat)]);
    row.emplace_back(s.window);
    row.emplace_back(s.prev_window);
    row.emplace_back(s.trend);
    row.emplace_back(s.trend_p);
    if (!c.density.empty()) row.push_back(std::isfinite(dens[i]) ? Value(dens[i]) : Value{});
    if (!c.stats.empty()) row.push_back(gi[i] ? Value(*gi[i]) : Value{});
    if (nearest[i].first >= 0) {
      const Value& nm =
          places.table
              .rows[static_cast<std::size_t>(nearest[i].first)][static_cast<std::size_t>(pname)];
      row.push_back(nm);
      row.emplace_back(nearest[i].second);
    } else {
      row.emplace_back();
      row.emplace_back();
    }
    row.push_back(s.top_category >= 0 ? Value(inc.categories.name(s.top_category)) : Value{});
    row.emplace_back(s.score);
    row.emplace_back(rank[i]);
    out.rows.push_back(std::move(row));
    out.geometries.push_back(std::move(t.geometries[i]));
  }
  step::write_result(env, std::filesystem::path(c.out).stem().string(), out, c.publication, {c.out},
                     c.out_layer);
  for (const auto& r : loc_rejects.rows()) rejects.add(r.source, r.line, r.reason, r.record);
  if (rejects.size() > 0 || !c.rejects.empty()) {
    const auto rp = step::rejects_path(c.rejects, c.out, env.rejects_dir);
    step::write_rejects(rejects, rp, env);
    if (rejects.size()) ctx.info("{} rows rejected; see {}", rejects.size(), rp.string());
  }
  ctx.info("locations: read {}, scored {}, rejected {} (window ending {}, {} days)", ls.read,
           t.size(), ls.rejected, format_iso8601(at).substr(0, 10), sc.window_s / 86400);
  // The incident line: "joined" are incidents near at least one location is not tracked;
  // every used incident was available to every location, so none is outside.
  ctx.always(step::summary_line(st.read, inc.size(), 0, st.rejected, n_filtered) +
             step::geocoded_term(st));
}

}  // namespace hotspot::score
