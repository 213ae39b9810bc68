#pragma once
// What the stages of a run wrote, kept in memory by output file (issue 12). A later stage that
// names an earlier one's output (`density = "@overlast"`, `stops = "@locaties_score"`, the
// layers of the export, the maps and the web map) takes it from here instead of reading back
// the file just written. Each entry is what the file holds: the published table under the
// column names the writer gave it, in the working CRS (exact: no GeoJSON round trip through
// lon/lat), with its layer description; a raster's values as stored (Float32, nodata NaN)
// with its metadata.
#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "hotspot/core/grid.hpp"
#include "hotspot/geom/table.hpp"

namespace hotspot::step {

struct WrittenLayer {
  Table table;              ///< working CRS; column names as written
  std::string description;  ///< the layer description (says whether it is published)
};

struct WrittenRaster {
  Grid grid;
  std::vector<double> values;  ///< cell_id order, as stored: Float32 precision, nodata NaN
  std::map<std::string, std::string> metadata;
};

class Results {
 public:
  /// Keep what was written to `file` (a table: its rows under the written column names).
  void put(const std::filesystem::path& file, const Table& written, const std::string& description);
  /// Keep a raster written to `file`: values outside `mask` (when given) and non-finite ones
  /// are nodata, the others rounded to Float32 as the GeoTIFF holds them.
  void put(const std::filesystem::path& file, const Grid& grid, const std::vector<double>& values,
           const std::vector<std::uint8_t>* mask, std::map<std::string, std::string> metadata);
  /// What the run wrote to `file`, or null when it wrote nothing there (read the file then).
  std::shared_ptr<const WrittenLayer> layer(const std::filesystem::path& file) const;
  std::shared_ptr<const WrittenRaster> raster(const std::filesystem::path& file) const;
  std::size_t size() const noexcept { return layers_.size() + rasters_.size(); }
  /// How many times a stage took an earlier stage's output from memory.
  std::size_t taken() const noexcept { return taken_; }

 private:
  static std::string key(const std::filesystem::path& file);
  std::map<std::string, std::shared_ptr<const WrittenLayer>> layers_;
  std::map<std::string, std::shared_ptr<const WrittenRaster>> rasters_;
  mutable std::size_t taken_ = 0;
};

}  // namespace hotspot::step
