#pragma once
// Incident ingest (stage `io.incidents`): CSV through our own tokenizer, everything else
// (GeoJSON, GeoPackage, Shapefile, PG: connections ...) through OGR. Every row ends up in
// the table, or in the rejects sink with its line and reason; read = used + rejected.
#include <cstdint>
#include <optional>
#include <string>

#include "hotspot/core/incidents.hpp"
#include "hotspot/core/rejects.hpp"
#include "hotspot/core/run_context.hpp"
#include "hotspot/core/working_crs.hpp"

namespace hotspot::io {

struct IncidentSourceConfig {
  std::string path;   ///< file, or "PG:..." connection string
  std::string layer;  ///< OGR layer; empty = the first (or only) one
  std::string crs;  ///< CRS of the coordinates; empty = EPSG:28992 for x/y, EPSG:4326 for lon/lat,
                    ///< the layer's own for OGR geometries
  std::string x_col, y_col;      ///< projected coordinate columns (auto-detected when empty)
  std::string lon_col, lat_col;  ///< geographic coordinate columns
  std::string category_col;      ///< auto-detected when empty; "-" = none
  std::string time_col;          ///< auto-detected when empty; "-" = none
  std::string weight_col;        ///< none when empty
  std::string clock_col;    ///< a time of day beside a date-only time column; auto-detected when
                            ///< empty; "-" = none
  std::string date_format;  ///< strptime-style (%d-%m-%Y %H:%M); empty = decided from the column
                            ///< (io/dates.hpp)
  std::string categories;  ///< TOML mapping of spellings to categories (io/categories.hpp); empty =
                           ///< folding only
  std::string encoding;   ///< utf-8, windows-1252 or latin-1; empty = UTF-8, else Windows-1252 with
                          ///< a warning
  std::string addresses;  ///< address file (io/addresses.hpp) that places rows without coordinates
  char delimiter = 0;     ///< CSV delimiter; 0 = sniff
  std::string working_crs = kDefaultWorkingCrs;
};

struct ReadStats {
  std::uint64_t read = 0;      ///< data rows / features seen
  std::uint64_t rejected = 0;  ///< rows sent to the rejects sink
  std::string x_column, y_column, category_column, time_column, weight_column, clock_column;
  /// Why each role got its column: "given with --x-col", "by its name", "the layer's geometry".
  std::string x_why, category_why, time_why;
  std::string date_format;  ///< the format the time column was read with (DateFormat::describe)
  std::string encoding;     ///< UTF-8 or Windows-1252
  char delimiter = 0;       ///< CSV only
  std::string line_ends;    ///< CSV only: LF or CR
  std::string source_crs;
  std::string transformation;  ///< PROJ operation used, or "none"
  bool swapped_suspected = false;
  std::uint64_t without_coordinates = 0;  ///< rows with both coordinates empty
  std::uint64_t geocoded = 0;             ///< of those, placed from the address file
  bool addresses_used = false;
  std::string address_columns;  ///< the incident columns the address came from
  std::uint64_t used() const noexcept { return read - rejected; }
};

/// Coordinate columns of a header: the given names, or the usual ones detected (x/y, rd_x,
/// lon/lat ...). `geographic` is set for lon/lat. @throws Error(InputFormat) naming the
/// columns there are.
struct CoordinateColumns {
  int x = -1, y = -1;
  bool geographic = false;
};
CoordinateColumns find_coordinate_columns(const std::vector<std::string>& header,
                                          const std::string& x_col, const std::string& y_col,
                                          const std::string& lon_col, const std::string& lat_col,
                                          const std::string& path);

/// Read incidents into `out` (appending). @throws Error for fatal problems (missing file,
/// no coordinate columns, unknown CRS); bad rows go to `rejects`.
ReadStats read_incidents(const IncidentSourceConfig& cfg, IncidentTable& out, RejectsSink& rejects,
                         RunContext& ctx);

}  // namespace hotspot::io
