// hotspot: the command line. Parses argv into plain configs, calls one library function
// per subcommand, and maps every exception to an exit code in this one place.
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <map>

#include <fmt/format.h>

#include "bind.hpp"
#include "common.hpp"
#include "hotspot/io/profile.hpp"
#include "hotspot/pipeline/steps.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/io/area_reader.hpp"
#include "hotspot/io/gdal_handles.hpp"
#include "hotspot/io/raster.hpp"

namespace hotspot::cli {

void add_global_options(CLI::App& app, GlobalOptions& g) {
  app.add_flag("-q,--quiet", g.quiet, "Only errors and the summary line");
  app.add_flag("-v,--verbose", g.verbose, "Say more: columns found, CRS transformation, timings");
  app.add_option("--threads", g.threads, "Worker threads (default: all cores)");
  app.add_option("--max-memory-mb", g.max_memory_mb, "Refuse work needing more memory than this (default: 80% of RAM)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40));
  app.add_option("--geodata", g.geodata, "Folder with the shipped Deventer layers (default: ./geodata)");
  app.add_option("--profile", g.profile, "Municipality profile: working CRS, boundary, places, depot (default: geodata/deventer.profile.toml)");
}

Profile load_profile(const GlobalOptions& g) {
  if (!g.profile.empty()) return io::read_profile(g.profile);
  const std::filesystem::path dir = geodata_dir(g);
  if (std::filesystem::exists(dir / "deventer.profile.toml")) return io::read_profile(dir / "deventer.profile.toml");
  Profile p;  // a geodata folder without a profile: the built-in defaults, layers looked up there
  p.dir = dir;
  for (auto [field, name] : {std::pair{&p.mask, "deventer_gemeente.geojson"}, {&p.places, "deventer_locaties.geojson"},
                             {&p.areas, "deventer_buurten.geojson"}, {&p.districts, "deventer_wijken.geojson"}})
    if (std::filesystem::exists(dir / name)) *field = dir / name;
  return p;
}

Runner register_step(CLI::App& app, GlobalOptions& g, const pipeline::StepDef& def) {
  auto* sub = app.add_subcommand(def.name, def.summary);
  std::shared_ptr<pipeline::StepInstance> inst = def.make();
  auto bound = bind_options(*sub, inst->options());
  add_global_options(*sub, g);
  return [inst, bound, &g]() {
    RunContext ctx;
    configure(ctx, g);
    const Profile profile = load_profile(g);
    step::Env env{ctx, profile};
    apply_options(*bound, inst->options());
    inst->validate(env);
    inst->run(env);
    return 0;
  };
}

void configure(RunContext& ctx, const GlobalOptions& g) {
  ctx.verbosity = g.quiet ? Verbosity::Quiet : (g.verbose ? Verbosity::Verbose : Verbosity::Normal);
  ctx.threads = g.threads;
  ctx.memory_budget_bytes = g.max_memory_mb << 20;
  ctx.summaries = g.record ? &g.record->summaries : nullptr;
}

std::filesystem::path geodata_dir(const GlobalOptions& g) {
  namespace fs = std::filesystem;
  if (!g.geodata.empty()) return g.geodata;
  if (fs::exists("geodata/deventer_buurten.geojson")) return "geodata";
  if (const char* env = std::getenv("HOTSPOT_GEODATA"); env && *env) return env;
  return HOTSPOT_GEODATA_DIR;
}

void add_incident_options(CLI::App& app, io::IncidentSourceConfig& cfg, bool required) {
  auto* o = app.add_option("--incidents", cfg.path,
                           "Incident records: CSV, GeoJSON, GeoPackage, any OGR source or a PG: connection");
  if (required) o->required();
  app.add_option("--incidents-layer", cfg.layer, "Layer of a multi-layer source");
  app.add_option("--crs", cfg.crs,
                 "CRS of the incident coordinates (default EPSG:28992 for x/y, EPSG:4326 for lon/lat)");
  app.add_option("--x-col", cfg.x_col, "Column with x (projected); auto-detected: x, rd_x, ...");
  app.add_option("--y-col", cfg.y_col, "Column with y (projected); auto-detected: y, rd_y, ...");
  app.add_option("--lon-col", cfg.lon_col, "Column with longitude (WGS84 unless --crs)");
  app.add_option("--lat-col", cfg.lat_col, "Column with latitude (WGS84 unless --crs)");
  app.add_option("--category-col", cfg.category_col, "Column with the category; '-' for none");
  app.add_option("--time-col", cfg.time_col, "Column with the date and time (or the date, with --clock-col); '-' for none");
  app.add_option("--clock-col", cfg.clock_col, "Column with the time of day beside a date column (auto: tijd, pleegtijd ...); '-' none");
  app.add_option("--date-format", cfg.date_format,
                 "How dates are written, strptime-style: \"%d-%m-%Y %H:%M\" (default: decided from the whole column)");
  app.add_option("--weight-col", cfg.weight_col, "Column with a weight per incident (0 to 1e9)");
  app.add_option("--categories", cfg.categories, "TOML [categories] mapping spellings and codes to the report's categories");
  app.add_option("--addresses", cfg.addresses,
                 "Address file (PDOK's BAG GeoPackage, or CSV/GPKG with straat, huisnummer, postcode, x/y) placing rows without coordinates");
  app.add_option("--encoding", cfg.encoding, "Text encoding: utf-8 or windows-1252 (default: UTF-8, else Windows-1252 with a warning)");
  app.add_option("--delimiter", cfg.delimiter, "CSV delimiter (default: sniffed from the header)");
}

std::filesystem::path rejects_path(const std::string& given, const std::filesystem::path& first_out) {
  if (!given.empty()) return given;
  return first_out.parent_path() / (first_out.stem().string() + ".rejects.csv");
}

std::string summary_line(std::uint64_t read, std::uint64_t joined, std::uint64_t outside, std::uint64_t rejected) {
  return fmt::format("read {}, joined {}, outside {}, rejected {}", read, joined, outside, rejected);
}

std::string summary_line(std::uint64_t read, std::uint64_t joined, std::uint64_t outside, std::uint64_t rejected,
                         std::uint64_t filtered) {
  return summary_line(read, joined, outside, rejected) + fmt::format(", filtered {}", filtered);
}

std::string geocoded_term(const io::ReadStats& st) {
  return st.addresses_used ? fmt::format(", geocoded {}", st.geocoded) : std::string();
}

IncidentTable select_incidents(IncidentTable&& all, const IncidentFilter& f, RunContext& ctx, const std::string& path,
                               std::uint64_t& n_filtered) {
  const std::size_t before = all.size();
  if (f.uses_time()) {
    const auto no_time = static_cast<std::size_t>(std::count(all.time.begin(), all.time.end(), kNoTime));
    if (no_time > 0)
      ctx.warn("{}: {} of {} incidents have no timestamp; the time filter ({}) leaves them out", path, no_time, before,
               f.describe());
  }
  IncidentTable out = filtered(std::move(all), f);
  n_filtered = before - out.size();
  return out;
}

void add_filter_options(CLI::App& app, FilterOptions& f, const char* days_flag) {
  app.add_option("--category", f.categories, "Only these categories (repeat, or comma-separated)")->delimiter(',');
  app.add_option("--from", f.from, "Only incidents on or after this date (YYYY-MM-DD)");
  app.add_option("--to", f.to, "Only incidents on or before this date (YYYY-MM-DD, inclusive)");
  app.add_option("--hours", f.hours, "Only these hours of the day, local time: 18-23, 22-4, 8,9,10");
  app.add_option(days_flag, f.days, "Only these days of the week: sat,sun or mon-fri (za,zo too)");
}

IncidentFilter make_filter(const FilterOptions& o) {
  IncidentFilter f;
  f.categories = o.categories;
  if (!o.from.empty()) f.from = parse_date_option(o.from, "--from");
  if (!o.to.empty()) f.to = parse_date_option(o.to, "--to") + (o.to.size() <= 10 ? 86400 : 1);
  if (!o.hours.empty()) {
    const HourSelection hs = parse_hours(o.hours);
    f.hours = hs.hours;
    f.evening_before = hs.evening_before;
  }
  if (!o.days.empty()) f.days = parse_days(o.days);
  return f;
}

io::ReadStats read_incidents_or_fail(const io::IncidentSourceConfig& cfg, IncidentTable& out, RejectsSink& rejects,
                                     RunContext& ctx, const std::string& rejects_file,
                                     const std::filesystem::path& first_out) {
  const io::ReadStats st = io::read_incidents(cfg, out, rejects, ctx);
  if (st.addresses_used)
    ctx.info("geocoded {} of {} rows without coordinates from {}", st.geocoded, st.without_coordinates, cfg.addresses);
  else if (st.without_coordinates > 0 && !st.address_columns.empty())
    ctx.warn("{}: {} rows have no coordinates but an address ({}); give --addresses FILE (the BAG) to place them", cfg.path,
             st.without_coordinates, st.address_columns);
  if (rejects.size() > 0 || !rejects_file.empty()) {
    const auto rp = rejects_path(rejects_file, first_out);
    rejects.write_csv(rp);
    if (rejects.size() > 0) {
      std::string kinds;
      for (const auto& [k, n] : rejects.summary()) kinds += fmt::format("{}{} {}", kinds.empty() ? "" : ", ", n, k);
      ctx.info("{} rows rejected ({}); see {}", rejects.size(), kinds, rp.string());
    }
    if (out.size() == 0) {
      ctx.always(summary_line(st.read, 0, 0, st.rejected));
      throw Error(ErrorCode::EmptyInput, fmt::format("all {} rows were rejected; reasons are in {}", st.read, rp.string()),
                  {cfg.path}, "fix the rows or the column/CRS options (--x-col, --lon-col, --crs)");
    }
  }
  return st;
}

Grid study_grid(const std::string& extent, const std::string& mask, double cell_m, RunContext& ctx,
                std::vector<std::uint8_t>& mask_cells) {
  if (extent.empty() == mask.empty())
    throw Error(ErrorCode::Usage, "give the study area with one of --extent and --mask", {"", "", "--extent"},
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
    const AreaLayer m = io::read_areas(mc, ctx);
    OGREnvelope env;
    for (const auto& geom : m.table.geometries) {
      OGREnvelope e;
      geom->getEnvelope(&e);
      env.Merge(e);
    }
    grid = Grid::snapped(env.MinX, env.MinY, env.MaxX, env.MaxY, cell_m);
    if (grid.size() <= 50'000'000) mask_cells = io::rasterize_mask(m, grid);
  }
  if (grid.size() > 50'000'000)
    throw Error(ErrorCode::Resource, fmt::format("a grid of {} cells is too large", grid.size()), {"", "", "--grid-m"},
                "use a larger --grid-m or a smaller study area");
  return grid;
}

std::uint64_t memory_budget() {
  RunContext ctx;
  return ctx.memory_budget();
}

}  // namespace hotspot::cli

namespace hotspot::cli {

int run_argv(const std::vector<std::string>& args, RunRecord* record, bool parse_only) {
  CLI::App app{"hotspot: incident maps and hotspot statistics for municipal safety analysts"};
  app.set_version_flag("--version", std::string("hotspot ") + HOTSPOT_VERSION);
  app.require_subcommand(1);
  app.footer(exit_code_table());
  GlobalOptions g;
  g.record = record;
  // The list of subcommands, in one explicit place (no static self-registration).
  std::map<std::string, Runner> runners;
  for (const auto& def : pipeline::steps()) runners[def.name] = register_step(app, g, def);
  runners["run"] = register_run(app, g);
  runners["inspect"] = register_inspect(app, g);
  std::vector<std::string> rev(args.rbegin(), args.rend());  // CLI11 takes them reversed
  if (record) {
    // In a pipeline: parse errors are the pipeline's to report, with the file and line.
    try {
      app.parse(rev);
    } catch (const CLI::ParseError& e) {
      throw Error(ErrorCode::Usage, e.what());
    }
  } else {
    try {
      app.parse(rev);
    } catch (const CLI::ParseError& e) {
      const int code = app.exit(e);
      // A value of the wrong type or out of range is a bad option value (exit 2); an unknown
      // option or a missing value is a command line not understood (exit 1).
      if (code != 0 && (dynamic_cast<const CLI::ValidationError*>(&e) || dynamic_cast<const CLI::ConversionError*>(&e)))
        return static_cast<int>(ErrorCode::Usage);
      return code == 0 ? 0 : 1;
    }
  }
  if (parse_only) return 0;
  for (auto* sub : app.get_subcommands())
    if (auto it = runners.find(sub->get_name()); it != runners.end()) return it->second();
  return 1;
}

std::vector<std::string> option_names(const std::string& subcommand) {
  CLI::App app;
  GlobalOptions g;
  std::map<std::string, Runner> runners;
  for (const auto& def : pipeline::steps()) register_step(app, g, def);
  std::vector<std::string> out;
  for (auto* sub : app.get_subcommands({}))
    if (sub->get_name() == subcommand)
      for (const auto* opt : sub->get_options())
        for (const auto& n : opt->get_lnames()) out.push_back(n);
  return out;
}

}  // namespace hotspot::cli

int main(int argc, char** argv) {
  using namespace hotspot;
  // A batch tool allocating grids and GDAL block caches of a few MB each: keep freed memory in
  // the heap for the next buffer instead of returning it to the kernel and faulting fresh
  // pages in again (glibc maps blocks over 128 KiB separately by default). Halves the time of
  // writing a 2-million-cell GeoTIFF on virtual machines, where page faults are dear.
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  mallopt(M_TOP_PAD, 64 << 20);
  try {
    return cli::run_argv(std::vector<std::string>(argv + 1, argv + argc), nullptr);
  } catch (const Error& e) {
    std::cerr << "hotspot: error: " << e.message() << std::endl;
    return e.exit_code();
  } catch (const std::filesystem::filesystem_error& e) {
    // Creating, renaming or removing files and folders: what fails there is an output.
    std::cerr << "hotspot: error: " << (e.path1().empty() ? "" : "'" + e.path1().string() + "': ")
              << "cannot create or write: " << e.code().message()
              << ". Fix: check that the folder exists, is writable and has free space" << std::endl;
    return static_cast<int>(ErrorCode::Output);
  } catch (const std::bad_alloc&) {
    std::cerr << "hotspot: error: out of memory; try a smaller extent, a larger cell or fewer incidents" << std::endl;
    return static_cast<int>(ErrorCode::Resource);
  } catch (const std::exception& e) {
    std::cerr << "hotspot: internal error: " << e.what() << " (please report this)" << std::endl;
    return static_cast<int>(ErrorCode::Internal);
  }
}
