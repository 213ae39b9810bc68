#pragma once
// Writing result tables (stage `io.write`): the format follows the extension.
//   .geojson/.json  RFC 7946: WGS84 lon/lat, no `crs` member, counter-clockwise exteriors
//   .csv            attributes only, `,` separated, `.` decimals, shortest round-trip numbers
//   .gpkg           one layer in the working CRS (EPSG:28992), with a spatial index
// Every file is written to a temporary name and renamed when complete; output is
// byte-for-byte deterministic for the same table (GeoPackage timestamps are pinned).
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "hotspot/geom/table.hpp"
#include "hotspot/core/working_crs.hpp"

class OGRLayer;

namespace hotspot::io {

enum class TableFormat { GeoJson, Csv, GeoPackage, PostGis };

/// "PG:..." is a PostGIS connection (io/pg_store.hpp): the table is replaced in one transaction.
/// @throws Error(Usage) for an extension we do not write.
TableFormat format_from_path(const std::filesystem::path& p);

struct WriteOptions {
  std::string layer_name;   ///< GeoPackage/GeoJSON layer name (default: the file stem); PostGIS
                            ///< table (required)
  std::string run_id;       ///< PostGIS: the run_id on every row (default: made from the time)
  std::string description;  ///< GeoJSON `description` member, GeoPackage layer description
};

/// @throws Error(Output)
/// The column names every format writes: the table's names, made unique regardless of case
/// (SQLite, and so GeoPackage, and most readers of CSV treat `X` and `x` as one column): a
/// later name that folds to an earlier one gets `_2`, `_3` ...
std::vector<std::string> output_field_names(const std::vector<Field>& fields);

void write_table(const Table& t, const std::filesystem::path& path, const WriteOptions& opt = {});

/// A table handed over row by row, for large outputs (a million grid cells): no table of
/// all rows is built for CSV. `row(i, out)` appends row i's values to `out` (given empty);
/// `geometry(i)`, when set, gives row i's geometry in `crs`.
struct RowSource {
  std::vector<Field> fields;
  std::size_t size = 0;
  std::function<void(std::size_t, std::vector<Value>&)> row;
  std::function<GeometryPtr(std::size_t)> geometry;
  std::string crs = kDefaultWorkingCrs;
};

/// @throws Error(Output)
void write_table(const RowSource& src, const std::filesystem::path& path,
                 const WriteOptions& opt = {});

/// The OGR geometry type a table's geometries share (MultiPolygon for polygons, Point, LineString,
/// else Unknown; None without geometries).
OGRwkbGeometryType layer_geometry_type(const Table& t);

/// Create the table's fields (and `extra` text fields with one value for every row, such as
/// run_id) on `layer` and write its rows, geometries transformed to `out_crs`.
/// @throws Error(Output) naming `where`
void write_features(OGRLayer& layer, const Table& t, OGRwkbGeometryType gtype,
                    const std::string& out_crs,
                    const std::vector<std::pair<std::string, std::string>>& extra,
                    const std::string& where);

/// The text of one CSV cell for a value (exposed for tests and other writers).
std::string csv_cell(const Value& v);

}  // namespace hotspot::io
