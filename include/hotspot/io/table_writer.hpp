#pragma once
// Writing result tables (stage `io.write`): the format follows the extension.
//   .geojson/.json  RFC 7946: WGS84 lon/lat, no `crs` member, counter-clockwise exteriors
//   .csv            attributes only, `,` separated, `.` decimals, shortest round-trip numbers
//   .gpkg           one layer in the working CRS (EPSG:28992), with a spatial index
// Every file is written to a temporary name and renamed when complete; output is
// byte-for-byte deterministic for the same table (GeoPackage timestamps are pinned).
#include <filesystem>
#include <string>

#include "hotspot/core/table.hpp"

namespace hotspot::io {

enum class TableFormat { GeoJson, Csv, GeoPackage };

/// @throws Error(Usage) for an extension we do not write.
TableFormat format_from_path(const std::filesystem::path& p);

struct WriteOptions {
  std::string layer_name;  ///< GeoPackage/GeoJSON layer name; default: the file stem
};

/// @throws Error(Output)
void write_table(const Table& t, const std::filesystem::path& path, const WriteOptions& opt = {});

/// The text of one CSV cell for a value (exposed for tests and other writers).
std::string csv_cell(const Value& v);

}  // namespace hotspot::io
