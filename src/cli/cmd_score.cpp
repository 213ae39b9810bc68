#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "common.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/paths.hpp"
#include "hotspot/io/area_reader.hpp"
#include "hotspot/io/location_reader.hpp"
#include "hotspot/io/raster.hpp"
#include "hotspot/io/table_writer.hpp"
#include "hotspot/join/point_in_polygon.hpp"
#include "hotspot/score/score.hpp"

namespace hotspot::cli {

Runner register_score(CLI::App& app, GlobalOptions& g) {
  auto* sub = app.add_subcommand("score", "Score many locations by what happened around them, ranked");
  struct Opts {
    io::IncidentSourceConfig inc;
    io::LocationSourceConfig loc;
    FilterOptions filter;
    score::ScoreConfig sc;
    std::string out, rejects, window, at, density, stats, config, places;
  };
  auto o = std::make_shared<Opts>();
  sub->add_option("--locations", o->loc.path, "Locations: CSV with coordinates, GeoJSON, GeoPackage, any OGR source")->required();
  sub->add_option("--locations-layer", o->loc.layer, "Layer of a multi-layer source");
  sub->add_option("--locations-crs", o->loc.crs, "CRS of the location coordinates (default as for incidents)");
  sub->add_option("--loc-x-col", o->loc.x_col, "Location x column (auto-detected)");
  sub->add_option("--loc-y-col", o->loc.y_col, "Location y column (auto-detected)");
  sub->add_option("--loc-lon-col", o->loc.lon_col, "Location longitude column");
  sub->add_option("--loc-lat-col", o->loc.lat_col, "Location latitude column");
  add_incident_options(*sub, o->inc);
  auto* radius = sub->add_option("--radius-m", o->sc.radius_m, "Radius around point locations (inclusive)")->capture_default_str();
  auto* buffer = sub->add_option("--buffer-m", o->sc.buffer_m, "Buffer around polygon locations")->capture_default_str();
  auto* window = sub->add_option("--window", o->window, "Time window ending at --at: 365d, 52w, 12m, 1y (default 365d)");
  sub->add_option("--at", o->at, "End of the window (YYYY-MM-DD; default: the newest incident)");
  sub->add_option("--density", o->density, "Density GeoTIFF from `hotspot density`: its value at each location");
  sub->add_option("--stats", o->stats, "Gi* layer from `hotspot stats` (.geojson/.gpkg): the gi_class at each location");
  sub->add_option("--places", o->places, "Named hotspot places for the distance (default: geodata/deventer_locaties.geojson)");
  sub->add_option("--config", o->config, "TOML with [score] half_life_days, default_weight and [score.weights]");
  sub->add_option("--out", o->out, "Output (.csv, .geojson or .gpkg), sorted by rank")->required();
  sub->add_option("--rejects", o->rejects, "Rejects CSV (default: <out>.rejects.csv when any)");
  add_filter_options(*sub, o->filter);
  add_global_options(*sub, g);
  return [o, &g, radius, buffer, window]() {
    RunContext ctx;
    configure(ctx, g);
    (void)io::format_from_path(o->out);
    check_output_paths({{"--locations", o->loc.path}, {"--incidents", o->inc.path}, {"--density", o->density},
                        {"--stats", o->stats}, {"--config", o->config}},
                       {{"--out", o->out}, {"--rejects", rejects_path(o->rejects, o->out)}});
    score::ScoreConfig sc;
    if (!o->config.empty()) score::load_score_config(o->config, sc);
    // Options given on the command line win over the file.
    if (radius->count() || o->config.empty()) sc.radius_m = o->sc.radius_m;
    if (buffer->count() || o->config.empty()) sc.buffer_m = o->sc.buffer_m;
    if (window->count()) sc.window_s = score::parse_window(o->window);
    sc.validate();
    const IncidentFilter filter = make_filter(o->filter);

    RejectsSink rejects;
    IncidentTable all;
    const io::ReadStats st = read_incidents_or_fail(o->inc, all, rejects, ctx, "", o->out);
    std::uint64_t n_filtered = 0;
    const IncidentTable inc = select_incidents(std::move(all), filter, ctx, o->inc.path, n_filtered);
    std::int64_t at = 0;
    if (!o->at.empty()) {
      at = parse_date_option(o->at, "--at") + (o->at.size() <= 10 ? 86399 : 0);  // a date means its end
    } else {
      at = kNoTime;
      for (auto t : inc.time) at = std::max(at, t);
      if (at == kNoTime) {
        at = 0;
        ctx.warn("the incidents have no timestamps: windows and trends are empty, scores are undecayed counts");
      }
    }
    RejectsSink loc_rejects;
    io::LocationStats ls;
    Table t = io::read_locations(o->loc, loc_rejects, ls, ctx);
    if (t.size() == 0) {
      if (loc_rejects.size()) loc_rejects.write_csv(rejects_path(o->rejects, o->out));
      throw Error(ErrorCode::EmptyInput, "no usable locations", {o->loc.path}, "check the coordinate columns and the CRS");
    }
    const auto scores = score::score_locations(t.geometries, inc, sc, at, ctx);
    const auto rank = score::ranks(scores);

    // Density and Gi* class at a representative point of each location.
    std::vector<OGRPoint> rep(t.size());
    for (std::size_t i = 0; i < t.size(); ++i) {
      const OGRGeometry& geom = *t.geometries[i];
      if (wkbFlatten(geom.getGeometryType()) == wkbPoint) rep[i] = *geom.toPoint();
      else geom.Centroid(&rep[i]);
    }
    std::vector<double> dens(t.size(), std::nan(""));
    if (!o->density.empty()) {
      Grid dg;
      const auto dv = io::read_geotiff(o->density, dg);
      for (std::size_t i = 0; i < t.size(); ++i)
        if (auto c = dg.cell_of(rep[i].getX(), rep[i].getY())) dens[i] = dv[static_cast<std::size_t>(*c)];
    }
    std::vector<std::optional<std::int64_t>> gi(t.size());
    if (!o->stats.empty()) {
      io::AreaSourceConfig ac;
      ac.path = o->stats;
      const AreaLayer sl = io::read_areas(ac, ctx);
      const int gc = sl.table.field_index("gi_class");
      if (gc < 0)
        throw Error(ErrorCode::InputFormat, "no gi_class field", {o->stats, "", "gi_class"},
                    "give a Gi* result of `hotspot stats --method gistar` as .geojson or .gpkg");
      join::PolygonIndex idx(sl);
      std::vector<std::int32_t> hit;
      for (std::size_t i = 0; i < t.size(); ++i) {
        idx.assign(rep[i].getX(), rep[i].getY(), hit);
        if (!hit.empty())
          if (auto* v = std::get_if<std::int64_t>(&sl.table.rows[static_cast<std::size_t>(hit.front())][static_cast<std::size_t>(gc)]))
            gi[i] = *v;
      }
    }
    io::AreaSourceConfig pc;
    pc.path = o->places.empty() ? (geodata_dir(g) / "deventer_locaties.geojson").string() : o->places;
    RunContext quiet;
    quiet.verbosity = Verbosity::Quiet;
    const AreaLayer places = io::read_areas(pc, quiet);
    const int pname = places.table.field_index("name") >= 0 ? places.table.field_index("name") : 0;
    const auto nearest = score::nearest_places(t.geometries, places.table.geometries, ctx);

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
      for (auto& name : category_columns(inc.categories, cats, reserved, &renamed)) out.fields.push_back({std::move(name), FieldType::Integer});
      for (const auto& w : renamed) ctx.warn("{}", w);
    }
    for (const char* f : {"n_window", "n_prev_window"}) out.fields.push_back({f, FieldType::Integer});
    out.fields.push_back({"trend", FieldType::Real});
    out.fields.push_back({"trend_p", FieldType::Real});
    if (!o->density.empty()) out.fields.push_back({"density", FieldType::Real});
    if (!o->stats.empty()) out.fields.push_back({"gi_class", FieldType::Integer});
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
      for (int c : cats) row.emplace_back(s.by_category[static_cast<std::size_t>(c)]);
      row.emplace_back(s.window);
      row.emplace_back(s.prev_window);
      row.emplace_back(s.trend);
      row.emplace_back(s.trend_p);
      if (!o->density.empty()) row.push_back(std::isfinite(dens[i]) ? Value(dens[i]) : Value{});
      if (!o->stats.empty()) row.push_back(gi[i] ? Value(*gi[i]) : Value{});
      if (nearest[i].first >= 0) {
        const Value& nm = places.table.rows[static_cast<std::size_t>(nearest[i].first)][static_cast<std::size_t>(pname)];
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
    io::write_table(out, o->out);
    for (const auto& r : loc_rejects.rows()) rejects.add(r.source, r.line, r.reason, r.record);
    if (rejects.size() > 0 || !o->rejects.empty()) {
      const auto rp = rejects_path(o->rejects, o->out);
      rejects.write_csv(rp);
      if (rejects.size()) ctx.info("{} rows rejected; see {}", rejects.size(), rp.string());
    }
    ctx.info("locations: read {}, scored {}, rejected {} (window ending {}, {} days)", ls.read, t.size(), ls.rejected,
             format_iso8601(at).substr(0, 10), sc.window_s / 86400);
    // The incident line: "joined" are incidents near at least one location is not tracked;
    // every used incident was available to every location, so none is outside.
    ctx.always(summary_line(st.read, inc.size(), 0, st.rejected, n_filtered) + geocoded_term(st));
    return 0;
  };
}

}  // namespace hotspot::cli
