#include "hotspot/step/step.hpp"

#include "hotspot/io/table_writer.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <ogr_api.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/timeutil.hpp"
#include "hotspot/io/pg_store.hpp"
#include "hotspot/io/raster.hpp"

namespace hotspot::step {

namespace {

std::string key_of(const io::IncidentSourceConfig& c) {
  return fmt::format(
      "{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}"
      "\x1f{}",
      c.path, c.layer, c.crs, c.x_col, c.y_col, c.lon_col, c.lat_col, c.category_col, c.time_col,
      c.weight_col, c.clock_col, c.date_format, c.categories, c.encoding, c.addresses,
      static_cast<int>(c.delimiter), c.working_crs);
}

std::string key_of(const io::AreaSourceConfig& c) {
  return fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}", c.path, c.layer, c.where, c.crs, c.working_crs);
}

}  // namespace

const InputCache::Incidents& InputCache::incidents(const io::IncidentSourceConfig& cfg,
                                                   RunContext& ctx) {
  auto& slot = incidents_[key_of(cfg)];
  if (!slot) {
    auto in = std::make_unique<Incidents>();
    in->stats = io::read_incidents(cfg, in->table, in->rejects, ctx);
    ++incident_reads_;
    ctx.debug("read the incidents of {} ({} rows); later stages reuse them", cfg.path,
              in->stats.read);
    slot = std::move(in);
  }
  return *slot;
}

std::shared_ptr<const AreaLayer> InputCache::areas(const io::AreaSourceConfig& cfg,
                                                   RunContext& ctx) {
  auto& slot = areas_[key_of(cfg)];
  if (!slot) {
    slot = std::make_shared<const AreaLayer>(io::read_areas(cfg, ctx));
    ++area_reads_;
    ctx.debug("read the areas of {} ({} polygons); later stages reuse them", cfg.path,
              slot->size());
  }
  return slot;
}

IncidentFilter FilterSpec::make() const {
  IncidentFilter f;
  f.categories = categories;
  if (!from.empty()) f.from = parse_date_option(from, "--from");
  if (!to.empty()) f.to = parse_date_option(to, "--to") + (to.size() <= 10 ? 86400 : 1);
  if (!hours.empty()) {
    const HourSelection hs = parse_hours(hours);
    f.hours = hs.hours;
    f.evening_before = hs.evening_before;
  }
  if (!days.empty()) f.days = parse_days(days);
  return f;
}

void declare_incidents(OptionSet& s, io::IncidentSourceConfig& c, bool required) {
  auto inc =
      s.text("incidents", &c.path,
             "Incident records: CSV, GeoJSON, GeoPackage, any OGR source or a PG: connection");
  inc.input().format("vector").group("incidents");
  if (required) inc.required();
  s.text("incidents-layer", &c.layer,
         "Layer of a multi-layer source; or a query for a database: \"SELECT ...\"")
      .group("incidents");
  s.text(
       "crs", &c.crs,
       "CRS of the incident coordinates (default: the working CRS for x/y, EPSG:4326 for lon/lat)")
      .group("incidents");
  s.text("x-col", &c.x_col, "Column with x (projected); auto-detected: x, rd_x, ...")
      .column("incidents")
      .group("incidents");
  s.text("y-col", &c.y_col, "Column with y (projected); auto-detected: y, rd_y, ...")
      .column("incidents")
      .group("incidents");
  s.text("lon-col", &c.lon_col, "Column with longitude (WGS84 unless --crs)")
      .column("incidents")
      .group("incidents");
  s.text("lat-col", &c.lat_col, "Column with latitude (WGS84 unless --crs)")
      .column("incidents")
      .group("incidents");
  s.text("category-col", &c.category_col, "Column with the category; '-' for none")
      .column("incidents")
      .group("incidents");
  s.text("time-col", &c.time_col,
         "Column with the date and time (or the date, with --clock-col); '-' for none")
      .column("incidents")
      .group("incidents");
  s.text("clock-col", &c.clock_col,
         "Column with the time of day beside a date column (auto: tijd, pleegtijd ...); '-' none")
      .column("incidents")
      .group("incidents");
  s.text("date-format", &c.date_format,
         "How dates are written, strptime-style: \"%d-%m-%Y %H:%M\" (default: decided from the "
         "whole column)")
      .group("incidents");
  s.text("weight-col", &c.weight_col, "Column with a weight per incident (0 to 1e9)")
      .column("incidents")
      .group("incidents");
  s.text("categories", &c.categories,
         "TOML [categories] mapping spellings and codes to the report's categories")
      .input()
      .group("incidents")
      .format("toml")
      .format("toml");
  s.text("addresses", &c.addresses,
         "Address file (PDOK's BAG GeoPackage, or CSV/GPKG with straat, huisnummer, postcode, x/y) "
         "placing rows without "
         "coordinates")
      .input()
      .group("incidents")
      .format("vector")
      .format("vector");
  s.text("encoding", &c.encoding,
         "Text encoding: utf-8 or windows-1252 (default: UTF-8, else Windows-1252 with a warning)")
      .group("incidents");
  s.character("delimiter", &c.delimiter, "CSV delimiter (default: sniffed from the header)")
      .group("incidents");
}

void declare_filter(OptionSet& s, FilterSpec& f, const std::string& days_key) {
  s.list("category", &f.categories, "Only these categories (repeat, or comma-separated)")
      .comma()
      .group("filter");
  s.text("from", &f.from, "Only incidents on or after this date (YYYY-MM-DD)").group("filter");
  s.text("to", &f.to, "Only incidents on or before this date (YYYY-MM-DD, inclusive)")
      .group("filter");
  s.text("hours", &f.hours, "Only these hours of the day, local time: 18-23, 22-4, 8,9,10")
      .group("filter");
  s.text(days_key, &f.days, "Only these days of the week: sat,sun or mon-fri (za,zo too)")
      .group("filter");
}

void declare_out_layer(OptionSet& s, std::string& out_layer, const std::string& of) {
  s.opt(
       "out-layer", &out_layer,
       fmt::format(
           "With --{} PG:...: the PostGIS table to write (replaced as a whole, run_id on each row)",
           of))
      .group("output");
}

void declare_rejects(OptionSet& s, std::string& rejects) {
  s.opt("rejects", &rejects,
        "Rejects CSV (default: <folder>-rejects/<out>.rejects.csv beside the output's folder, "
        "never inside it: rejects hold raw records)")
      .output()
      .group("output")
      .format("table");
}

std::filesystem::path rejects_path(const std::string& given, const std::filesystem::path& first_out,
                                   const std::filesystem::path& dir) {
  if (!given.empty()) return given;
  const std::string name = first_out.stem().string() + ".rejects.csv";
  if (!dir.empty()) return dir / name;
  // Beside the published folder, not in it: <folder>-rejects/.
  std::filesystem::path folder = std::filesystem::absolute(first_out).parent_path();
  if (folder.has_filename() == false) folder = folder.parent_path();
  return folder.parent_path() / (folder.filename().string() + "-rejects") / name;
}

void write_rejects(const RejectsSink& rejects, const std::filesystem::path& path, Env& env) {
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  if (ec)
    throw Error(ErrorCode::Output,
                fmt::format("cannot make the rejects folder {} ({})", path.parent_path().string(),
                            ec.message()),
                {path.string(), "", "--rejects"},
                "give --rejects FILE in a folder you can write (not the published one)");
  rejects.write_csv(path);
  if (env.rejects_log) (*env.rejects_log)[path.filename().string()] += rejects.size();
}

std::string summary_line(std::uint64_t read, std::uint64_t joined, std::uint64_t outside,
                         std::uint64_t rejected) {
  return fmt::format("read {}, joined {}, outside {}, rejected {}", read, joined, outside,
                     rejected);
}

std::string summary_line(std::uint64_t read, std::uint64_t joined, std::uint64_t outside,
                         std::uint64_t rejected, std::uint64_t filtered) {
  return summary_line(read, joined, outside, rejected) + fmt::format(", filtered {}", filtered);
}

std::string geocoded_term(const io::ReadStats& st) {
  return st.addresses_used ? fmt::format(", geocoded {}", st.geocoded) : std::string();
}

io::ReadStats read_incidents(const io::IncidentSourceConfig& cfg_in, IncidentTable& out,
                             RejectsSink& rejects, Env& env) {
  io::IncidentSourceConfig cfg = cfg_in;
  cfg.working_crs = env.profile.working_crs;
  if (!env.cache) return io::read_incidents(cfg, out, rejects, env.ctx);
  const auto& c = env.cache->incidents(cfg, env.ctx);
  out = c.table;
  rejects = c.rejects;
  return c.stats;
}

OGRPoint representative_point(const OGRGeometry& g) {
  if (wkbFlatten(g.getGeometryType()) == wkbPoint) return *g.toPoint();
  const GeometryPtr on(OGRGeometry::FromHandle(
      OGR_G_PointOnSurface(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(&g)))));
  if (on && wkbFlatten(on->getGeometryType()) == wkbPoint && !on->IsEmpty()) return *on->toPoint();
  OGRPoint pt;
  g.Centroid(&pt);
  return pt;
}

io::ReadStats read_incidents_or_fail(const io::IncidentSourceConfig& cfg, IncidentTable& out,
                                     RejectsSink& rejects, Env& env,
                                     const std::string& rejects_file,
                                     const std::filesystem::path& first_out) {
  RunContext& ctx = env.ctx;
  const io::ReadStats st = read_incidents(cfg, out, rejects, env);
  if (st.addresses_used)
    ctx.info("geocoded {} of {} rows without coordinates from {}", st.geocoded,
             st.without_coordinates, cfg.addresses);
  else if (st.without_coordinates > 0 && !st.address_columns.empty())
    ctx.warn(
        "{}: {} rows have no coordinates but an address ({}); give --addresses FILE (the BAG) to "
        "place them",
        cfg.path, st.without_coordinates, st.address_columns);
  if (rejects.size() > 0 || !rejects_file.empty()) {
    const auto rp = rejects_path(rejects_file, first_out, env.rejects_dir);
    write_rejects(rejects, rp, env);
    if (rejects.size() > 0) {
      std::string kinds;
      for (const auto& [k, n] : rejects.summary())
        kinds += fmt::format("{}{} {}", kinds.empty() ? "" : ", ", n, k);
      ctx.info("{} rows rejected ({}); see {}", rejects.size(), kinds, rp.string());
    }
    if (out.size() == 0) {
      ctx.always(summary_line(st.read, 0, 0, st.rejected));
      throw Error(ErrorCode::EmptyInput,
                  fmt::format("all {} rows were rejected; reasons are in {}", st.read, rp.string()),
                  {cfg.path}, "fix the rows or the column/CRS options (--x-col, --lon-col, --crs)");
    }
  }
  return st;
}

IncidentTable select_incidents(IncidentTable&& all, const IncidentFilter& f, RunContext& ctx,
                               const std::string& path, std::uint64_t& n_filtered) {
  const std::size_t before = all.size();
  if (f.uses_time()) {
    const auto no_time =
        static_cast<std::size_t>(std::count(all.time.begin(), all.time.end(), kNoTime));
    if (no_time > 0)
      ctx.warn("{}: {} of {} incidents have no timestamp; the time filter ({}) leaves them out",
               path, no_time, before, f.describe());
  }
  IncidentTable out = filtered(std::move(all), f);
  n_filtered = before - out.size();
  return out;
}

std::shared_ptr<const AreaLayer> read_areas(io::AreaSourceConfig cfg, Env& env) {
  cfg.working_crs = env.profile.working_crs;
  if (env.cache) return env.cache->areas(cfg, env.ctx);
  return std::make_shared<const AreaLayer>(io::read_areas(cfg, env.ctx));
}

std::array<double, 4> bounds_of(const AreaLayer& a) {
  OGREnvelope env;
  for (const auto& geom : a.table.geometries) {
    OGREnvelope e;
    geom->getEnvelope(&e);
    env.Merge(e);
  }
  return {env.MinX, env.MinY, env.MaxX, env.MaxY};
}

Grid study_grid(const std::string& extent, const std::string& mask, double cell_m, Env& env,
                std::vector<std::uint8_t>& mask_cells) {
  if (extent.empty() == mask.empty())
    throw Error(
        ErrorCode::Usage, "give the study area with one of --extent and --mask",
        {"", "", "--extent"},
        "e.g. --extent 200000,468000,215000,482000 or --mask geodata/deventer_gemeente.geojson");
  mask_cells.clear();
  Grid grid;
  if (!extent.empty()) {
    double x0, y0, x1, y1;
    parse_extent(extent, x0, y0, x1, y1);
    grid = Grid::from_extent(x0, y0, x1, y1, cell_m);
  } else {
    io::AreaSourceConfig mc;
    mc.path = mask;
    const auto m = read_areas(mc, env);
    const auto b = bounds_of(*m);
    grid = Grid::snapped(b[0], b[1], b[2], b[3], cell_m);
    if (grid.size() <= 50'000'000) mask_cells = io::rasterize_mask(*m, grid);
  }
  if (grid.size() > 50'000'000)
    throw Error(ErrorCode::Resource, fmt::format("a grid of {} cells is too large", grid.size()),
                {"", "", "--grid-m"}, "use a larger --grid-m or a smaller study area");
  return grid;
}

namespace {

bool keeps_layer(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return ext == ".geojson" || ext == ".json" || ext == ".gpkg";
}

void write_and_keep(Results* results, const Table& t, const std::filesystem::path& path,
                    const io::WriteOptions& opt) {
  io::write_table(t, path, opt);
  if (results && keeps_layer(path) && !io::is_pg(path.string()))
    results->put(path, t, opt.description);
}

}  // namespace

void write_table(Env& env, const Table& t, const std::filesystem::path& path,
                 const io::WriteOptions& opt) {
  write_and_keep(env.results, t, path, opt);
}

void write_table(Env& env, const io::RowSource& src, const std::filesystem::path& path,
                 const io::WriteOptions& opt) {
  io::write_table(src, path, opt);
  if (!env.results || !keeps_layer(path) || io::is_pg(path.string())) return;
  Table t;
  t.fields = src.fields;
  t.crs = src.crs;
  t.rows.resize(src.size);
  if (src.geometry) t.geometries.reserve(src.size);
  for (std::size_t i = 0; i < src.size; ++i) {
    src.row(i, t.rows[i]);
    if (src.geometry) t.geometries.push_back(src.geometry(i));
  }
  env.results->put(path, t, opt.description);
}

void write_raster(Env& env, const Grid& grid, const std::vector<double>& values,
                  const std::vector<std::uint8_t>* mask, const std::filesystem::path& path,
                  const io::RasterWrite& opt) {
  io::write_geotiff(grid, values, mask, path, opt);
  if (!env.results) return;
  auto md = opt.metadata;
  md.emplace("AREA_OR_POINT", "Area");  // as GDAL's GeoTIFF driver reports it
  env.results->put(path, grid, values, mask, std::move(md));
}

Table read_locations(const io::LocationSourceConfig& cfg_in, RejectsSink& rejects,
                     io::LocationStats& st, Env& env) {
  io::LocationSourceConfig cfg = cfg_in;
  cfg.working_crs = env.profile.working_crs;
  const bool as_written = cfg.layer.empty() && cfg.crs.empty() && cfg.x_col.empty() &&
                          cfg.y_col.empty() && cfg.lon_col.empty() && cfg.lat_col.empty();
  const auto w = env.results && as_written ? env.results->layer(cfg.path) : nullptr;
  if (!w) return io::read_locations(cfg, rejects, st, env.ctx);
  env.ctx.debug("{}: taken from memory (written by an earlier stage)", cfg.path);
  // The rules of io::read_locations for a layer: a point or polygon per row.
  Table t;
  t.fields = w->table.fields;
  t.crs = w->table.crs;
  for (std::size_t i = 0; i < w->table.size(); ++i) {
    ++st.read;
    const OGRGeometry* g = i < w->table.geometries.size() ? w->table.geometries[i].get() : nullptr;
    const auto gt = g ? wkbFlatten(g->getGeometryType()) : wkbNone;
    if (!g || g->IsEmpty() ||
        (gt != wkbPoint && gt != wkbMultiPoint && gt != wkbPolygon && gt != wkbMultiPolygon)) {
      rejects.add(cfg.path, static_cast<std::int64_t>(i + 1), "not a point or polygon",
                  fmt::format("fid {}", i));
      ++st.rejected;
      continue;
    }
    t.rows.push_back(w->table.rows[i]);
    t.geometries.emplace_back(g->clone());
  }
  return t;
}

std::vector<double> read_raster(const std::filesystem::path& path, Grid& grid, Env& env,
                                std::map<std::string, std::string>* metadata) {
  const auto w = env.results ? env.results->raster(path) : nullptr;
  if (!w) return io::read_geotiff(path, grid, metadata);
  env.ctx.debug("{}: taken from memory (written by an earlier stage)", path.string());
  grid = w->grid;
  if (metadata) *metadata = w->metadata;
  return w->values;
}

std::size_t write_result(Env& env, const std::string& name, const Table& t,
                         const publish::Policy& policy, const std::vector<std::string>& outs,
                         const std::string& out_layer) {
  publish::validate(policy);
  publish::Registry local;
  publish::Registry& reg = env.published ? *env.published : local;
  const std::string description = policy.description();
  const std::size_t n = reg.publish(
      name, t, policy,
      // Called again later in the run when a later table's protection widens this one's.
      [results = env.results, outs, out_layer, description](const Table& p) {
        for (const auto& out : outs) write_and_keep(results, p, out, {out_layer, {}, description});
      },
      env.ctx);
  if (n) env.ctx.info("{}: {} value(s) withheld for publication (column suppressed)", name, n);
  return n;
}

}  // namespace hotspot::step
