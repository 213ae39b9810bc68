#pragma once
// Raster I/O (stage `io.raster`): masks from polygons, density GeoTIFFs, and polygons from
// labelled cells. Grids are in cell_id order with row 0 at the south (core/grid.hpp); the
// GeoTIFF is north-up, so rows are flipped on the way out and in.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "hotspot/core/grid.hpp"
#include "hotspot/geom/table.hpp"
#include "hotspot/core/working_crs.hpp"

namespace hotspot::io {

/// 1 where the cell centre lies inside any polygon of `areas` (GDAL rasterize, centre rule).
std::vector<std::uint8_t> rasterize_mask(const AreaLayer& areas, const Grid& grid);

struct RasterWrite {
  std::string crs = kDefaultWorkingCrs;
  std::string band_description;                 ///< e.g. "incidents per km2"
  std::string unit;                             ///< GDAL unit type, e.g. "incidents/km2"
  std::map<std::string, std::string> metadata;  ///< dataset metadata items
  float nodata = -9999.0f;
};

/// Write a Float32 Cloud Optimized GeoTIFF: 256 x 256 tiles, DEFLATE with the floating-point
/// predictor, AVERAGE overviews down to one tile, COG layout. Cells with mask 0 become nodata.
/// Atomic.
/// @throws Error(Output)
void write_geotiff(const Grid& grid, const std::vector<double>& values,
                   const std::vector<std::uint8_t>* mask, const std::filesystem::path& path,
                   const RasterWrite& opt);

/// Read band 1 of a GeoTIFF back into a grid (row 0 south); nodata becomes NaN.
/// @throws Error
std::vector<double> read_geotiff(const std::filesystem::path& path, Grid& grid,
                                 std::map<std::string, std::string>* metadata = nullptr);

/// One (Multi)Polygon per label 0..n_labels-1 from a label grid (-1 = no region),
/// 4-connected cell boundaries (GDALPolygonize).
std::vector<GeometryPtr> polygonize_labels(const Grid& grid,
                                           const std::vector<std::int32_t>& labels, int n_labels,
                                           const std::string& crs);

}  // namespace hotspot::io
