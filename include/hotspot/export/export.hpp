#pragma once
// Maps for QGIS (stage `export.gpkg`, `export.qgs`): every result layer of a run in one
// GeoPackage in the working CRS (vector layers and density rasters), each with its default style
// in the `layer_styles` table QGIS reads on opening, and a QGIS project beside it.
// Published layers aggregate: counts 1 .. threshold-1 are suppressed (as statistics offices
// do) and raw incident points are refused unless asked for.
#include <filesystem>
#include <string>
#include <vector>

#include "hotspot/core/grid.hpp"
#include "hotspot/core/run_context.hpp"
#include "hotspot/geom/table.hpp"
#include "hotspot/export/style.hpp"
#include "hotspot/core/working_crs.hpp"

namespace hotspot::step {
class Results;
}

namespace hotspot::mapping {

struct MapLayer {
  std::string name;   ///< layer/table name in the GeoPackage
  std::string title;  ///< for legends and the layer tree
  std::string source;
  bool raster = false;
  Table table;                 ///< vector layers (working CRS)
  Grid grid;                   ///< rasters
  std::vector<double> values;  ///< rasters, cell_id order
  std::string unit;
  LayerStyle style;
};

struct ExportOptions {
  std::string title = "Veiligheid Deventer";
  int suppress_below = 5;       ///< counts 1 .. suppress_below-1 are withheld (publish/)
  bool include_points = false;  ///< allow raw incident points
  std::string working_crs =
      kDefaultWorkingCrs;  ///< the GeoPackage's and the project's CRS (the profile's)
  /// A project over PostGIS tables (the store): libpq keywords without the password
  /// ("host=... port=... dbname=... user=...") and the schema; vector layers are read from
  /// there, rasters from the GeoPackage.
  std::string pg_source, pg_schema;
  bool internal = false;    ///< an internal run: exact values, the project titled as internal
  std::string lang = "nl";  ///< the styles' class labels: nl | en
};

/// Read result files (GeoJSON, GeoPackage (every layer), GeoTIFF) as map layers, styled. In a
/// pipeline, `results` holds what earlier stages wrote: those files are taken from memory.
/// @throws Error for unreadable files, and for raw incident points without include_points.
std::vector<MapLayer> read_layers(const std::vector<std::string>& paths, const ExportOptions& opt,
                                  RunContext& ctx, const step::Results* results = nullptr);

/// Write the GeoPackage (atomically). @throws Error(Output)
void write_gpkg(const std::vector<MapLayer>& layers, const std::filesystem::path& gpkg,
                RunContext& ctx, const std::string& working_crs = kDefaultWorkingCrs,
                const std::string& description = {});
/// Write the QGIS project referring to the GeoPackage by a relative path.
void write_qgs(const std::vector<MapLayer>& layers, const std::filesystem::path& gpkg,
               const std::filesystem::path& qgs, const ExportOptions& opt);

/// The extent of one layer, and of all (working CRS).
OGREnvelope extent(const MapLayer& layer);
OGREnvelope extent(const std::vector<MapLayer>& layers);

/// The layer's legend title (style.hpp: human_title).
std::string human_title(const MapLayer& m, const std::string& lang);

/// Draw order for maps and the layer tree, top first: points, lines, outlines, Gi*/LISA,
/// density rasters, choropleths.
std::vector<std::size_t> draw_order(const std::vector<MapLayer>& layers);

}  // namespace hotspot::mapping
