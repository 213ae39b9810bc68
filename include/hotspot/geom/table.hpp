#pragma once
// Attribute tables with optional geometry (GDAL/OGR geometries, hence here and not in core/): what
// area layers are read into and what every capability writes out (GeoJSON, CSV, GeoPackage via
// io/table_writer.hpp).
#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include <ogr_geometry.h>

#include "hotspot/core/value.hpp"
#include "hotspot/core/working_crs.hpp"

namespace hotspot {

struct OgrGeometryDeleter {
  void operator()(OGRGeometry* g) const noexcept { OGRGeometryFactory::destroyGeometry(g); }
};
using GeometryPtr = std::unique_ptr<OGRGeometry, OgrGeometryDeleter>;

struct Table {
  std::vector<Field> fields;
  std::vector<std::vector<Value>> rows;  ///< rows[i][j] for field j
  std::vector<GeometryPtr> geometries;   ///< empty, or one per row (working CRS)
  std::string crs = kDefaultWorkingCrs;  ///< CRS of the geometries

  std::size_t size() const noexcept { return rows.size(); }
  int field_index(const std::string& name) const noexcept;
  std::size_t add_field(std::string name, FieldType type);  ///< appends a null to each row
  Table clone() const;                                      ///< a deep copy (geometries cloned)
};

/// The polygons of an area layer in the working CRS, with attributes and areas.
struct AreaLayer {
  std::string source;      ///< file or connection it came from
  std::string layer_name;  ///< OGR layer name
  Table table;             ///< geometries: valid (Multi)Polygons, working CRS
  std::vector<double> area_m2;
  std::size_t repaired = 0;  ///< geometries made valid on reading

  std::size_t size() const noexcept { return table.size(); }
};

}  // namespace hotspot
