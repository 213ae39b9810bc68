#pragma once
// The engine's step model (issue 12). Each capability (join, density, stats, score, route,
// export, render, compare ...) has one typed step in its own folder:
//
//   struct XConfig { ...every option...; std::set<std::string> given; };
//   void declare(OptionSet&, XConfig&);        // each option once: key, type, unit, help, range
//   void validate(const XConfig&, const Env&); // combinations, before anything is read
//   void run(const XConfig&, Env&);            // the work, writing the step's outputs
//
// The command line, the pipeline and `hotspot describe` are built from `declare`. This header
// holds what the steps share: the run environment (context, profile, input cache), the
// options of every incident source and filter, and reading incidents the same way everywhere.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "hotspot/core/filter.hpp"
#include "hotspot/core/grid.hpp"
#include "hotspot/core/incidents.hpp"
#include "hotspot/core/options.hpp"
#include "hotspot/core/profile.hpp"
#include "hotspot/core/rejects.hpp"
#include "hotspot/core/run_context.hpp"
#include "hotspot/geom/table.hpp"
#include "hotspot/io/area_reader.hpp"
#include "hotspot/io/incident_reader.hpp"
#include "hotspot/io/location_reader.hpp"
#include "hotspot/io/raster.hpp"
#include "hotspot/io/table_writer.hpp"
#include "hotspot/publish/counts.hpp"
#include "hotspot/step/results.hpp"

namespace hotspot::step {

/// Inputs read once per run (a pipeline): incidents per distinct source and schema, area
/// layers per source, layer, filter and CRS. Each stage filters its own copy in memory.
class InputCache {
 public:
  struct Incidents {
    IncidentTable table;
    io::ReadStats stats;
    RejectsSink rejects;
  };
  /// The incidents of `cfg`, read on first use.
  const Incidents& incidents(const io::IncidentSourceConfig& cfg, RunContext& ctx);
  /// The areas of `cfg`, read on first use.
  std::shared_ptr<const AreaLayer> areas(const io::AreaSourceConfig& cfg, RunContext& ctx);
  std::size_t incident_reads() const noexcept { return incident_reads_; }
  std::size_t area_reads() const noexcept { return area_reads_; }

 private:
  std::map<std::string, std::unique_ptr<Incidents>> incidents_;
  std::map<std::string, std::shared_ptr<const AreaLayer>> areas_;
  std::size_t incident_reads_ = 0, area_reads_ = 0;
};

/// What every step runs with: no globals.
struct Env {
  RunContext& ctx;
  const Profile& profile;
  InputCache* cache = nullptr;  ///< set by a pipeline: inputs are read once
  /// Set by a pipeline: the count tables of the whole run, protected jointly (a wijk layer and
  /// the buurt layer nested in it). A single command protects its table on its own.
  publish::Registry* published = nullptr;
  /// Set by a pipeline: where rejects go by default (beside the out folder, never in it), and
  /// the rows written per rejects file (for the manifest, which lists counts, not contents).
  std::filesystem::path rejects_dir;
  std::map<std::string, std::size_t>* rejects_log = nullptr;
  /// Set by a pipeline: what earlier stages wrote, taken from memory by later ones.
  Results* results = nullptr;
};

/// Write a table (io::write_table) and, in a pipeline, keep what the file holds for later
/// stages (GeoJSON and GeoPackage outputs; a CSV has no geometry to map).
void write_table(Env& env, const Table& t, const std::filesystem::path& path,
                 const io::WriteOptions& opt = {});
/// The same for a table handed over row by row (stats' grids): in a pipeline the rows are
/// gathered once more for the later stages.
void write_table(Env& env, const io::RowSource& src, const std::filesystem::path& path,
                 const io::WriteOptions& opt = {});

/// Write a GeoTIFF (io::write_geotiff) and, in a pipeline, keep what it holds for later stages.
void write_raster(Env& env, const Grid& grid, const std::vector<double>& values,
                  const std::vector<std::uint8_t>* mask, const std::filesystem::path& path,
                  const io::RasterWrite& opt);

/// Locations (io::read_locations), or what an earlier stage of the run wrote to that file.
Table read_locations(const io::LocationSourceConfig& cfg, RejectsSink& rejects,
                     io::LocationStats& st, Env& env);

/// Band 1 of a GeoTIFF (io::read_geotiff), or the raster an earlier stage of the run wrote there.
std::vector<double> read_raster(const std::filesystem::path& path, Grid& grid, Env& env,
                                std::map<std::string, std::string>* metadata = nullptr);

/// Write a result table to every output under the publication policy: published (counts
/// withheld, exact statistics dropped, see publish/counts.hpp) unless policy.internal, each
/// output's layer description saying which. Returns the values withheld.
std::size_t write_result(Env& env, const std::string& name, const Table& t,
                         const publish::Policy& policy, const std::vector<std::string>& outs,
                         const std::string& out_layer = {});

/// --category/--from/--to/--hours/--days.
struct FilterSpec {
  std::vector<std::string> categories;
  std::string from, to, hours, days;
  /// @throws Error(Usage) naming the option of a bad date, hour or day.
  IncidentFilter make() const;
  bool any() const {
    return !categories.empty() || !from.empty() || !to.empty() || !hours.empty() || !days.empty();
  }
};

/// The incident source and its schema options (incidents, crs, x-col ... delimiter).
void declare_incidents(OptionSet& set, io::IncidentSourceConfig& cfg, bool required = true);
/// The filter options; `days_key` is "days" except in route (where --days counts shifts).
void declare_filter(OptionSet& set, FilterSpec& f, const std::string& days_key = "days");

/// --out-layer (the PostGIS table of a PG: output) and --rejects, as every table step has them.
void declare_out_layer(OptionSet& set, std::string& out_layer, const std::string& of = "out");
void declare_rejects(OptionSet& set, std::string& rejects);

/// The rejects file: the one given, else "<first output stem>.rejects.csv" in `dir` (a
/// pipeline's), else in "<folder>-rejects/" beside the output's folder: rejects hold raw
/// records and never land in a published folder.
std::filesystem::path rejects_path(const std::string& given, const std::filesystem::path& first_out,
                                   const std::filesystem::path& dir = {});
/// Write the rejects CSV (creating its folder) and log its rows in env.rejects_log.
void write_rejects(const RejectsSink& rejects, const std::filesystem::path& path, Env& env);

/// "read N, joined J, outside O, rejected R" (the contract line on stderr).
std::string summary_line(std::uint64_t read, std::uint64_t joined, std::uint64_t outside,
                         std::uint64_t rejected);
/// With the filter term: "..., filtered F", read = J + O + R + F.
std::string summary_line(std::uint64_t read, std::uint64_t joined, std::uint64_t outside,
                         std::uint64_t rejected, std::uint64_t filtered);
/// ", geocoded G" when an address file was given, else "".
std::string geocoded_term(const io::ReadStats& st);

/// Read incidents in the profile's working CRS (from the cache in a pipeline), write the
/// rejects beside `first_out` (or to `rejects_file`), and refuse an input where every row was
/// rejected (after printing the summary line).
io::ReadStats read_incidents_or_fail(const io::IncidentSourceConfig& cfg, IncidentTable& out,
                                     RejectsSink& rejects, Env& env,
                                     const std::string& rejects_file,
                                     const std::filesystem::path& first_out);

/// Read incidents in the profile's working CRS (from the cache in a pipeline), rejects kept in
/// `rejects` only (a step that does not publish them).
io::ReadStats read_incidents(const io::IncidentSourceConfig& cfg, IncidentTable& out,
                             RejectsSink& rejects, Env& env);

/// The one point that stands for a location: a point itself; for a line or polygon a point on
/// its surface (GEOS PointOnSurface: inside the polygon, unlike a centroid of an L or a ring),
/// the centroid when there is none.
OGRPoint representative_point(const OGRGeometry& g);

/// Apply the filter in place; `n_filtered` = rows it removed. Rows without a timestamp cannot
/// pass a date, hour or day filter: they are counted as filtered, and a warning says so.
IncidentTable select_incidents(IncidentTable&& all, const IncidentFilter& f, RunContext& ctx,
                               const std::string& path, std::uint64_t& n_filtered);

/// An area layer in the working CRS (from the cache in a pipeline).
std::shared_ptr<const AreaLayer> read_areas(io::AreaSourceConfig cfg, Env& env);

/// The study area of a grid step: `extent` (every cell) or `mask` (the cells whose centre is
/// inside; the grid over the mask's bounding box, snapped to whole cells), one of the two.
/// @throws Error(Usage) for neither or both, Error(Resource) beyond 50 million cells.
Grid study_grid(const std::string& extent, const std::string& mask, double cell_m, Env& env,
                std::vector<std::uint8_t>& mask_cells);

/// The bounding box of an area layer's polygons: {xmin, ymin, xmax, ymax}.
std::array<double, 4> bounds_of(const AreaLayer& a);

}  // namespace hotspot::step
