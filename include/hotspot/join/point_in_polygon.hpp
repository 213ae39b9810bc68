#pragma once
// Point in polygon for one area layer (stage `join.pip`): GEOS prepared geometries behind
// an STR tree, built once per thread (prepared geometries index lazily, so they are not
// shared between threads). Exact: GEOS decides on-boundary with robust orientation tests.
//
// The boundary rule (documented in the README):
//   * a point in the interior of several overlapping areas counts in each of them;
//   * a point on the boundary of one or more areas (an edge, a vertex, a hole ring) and
//     therefore not strictly inside them counts in exactly one of those: the first in layer
//     order. A point on the edge shared by two neighbourhoods thus counts once, and a point
//     on the outer edge of the layer still counts.
// GeoPandas `sjoin(predicate="intersects")` would count a shared-edge point in both.
#include <cstdint>
#include <vector>

#include "hotspot/geom/geos_handles.hpp"
#include "hotspot/geom/table.hpp"

namespace hotspot::join {

enum class Location : std::uint8_t { Interior, Boundary };

struct Hit {
  std::int32_t area;
  Location where;
};

class PolygonIndex {
 public:
  explicit PolygonIndex(const AreaLayer& areas);
  PolygonIndex(const PolygonIndex&) = delete;
  PolygonIndex& operator=(const PolygonIndex&) = delete;

  /// Every area whose closure holds (x, y), sorted by area index.
  void locate(double x, double y, std::vector<Hit>& hits);

  /// The areas (x, y) counts in under the boundary rule, ascending.
  void assign(double x, double y, std::vector<std::int32_t>& areas);

 private:
  GeosContext ctx_;
  std::vector<GeosGeomPtr> geoms_;
  std::vector<GeosPreparedPtr> prepared_;
  GeosTreePtr tree_;
  std::vector<std::int32_t> candidates_;
  std::vector<Hit> hits_;
};

/// Apply the boundary rule to the hits of one point (sorted by area index).
void apply_boundary_rule(const std::vector<Hit>& hits, std::vector<std::int32_t>& areas);

}  // namespace hotspot::join
