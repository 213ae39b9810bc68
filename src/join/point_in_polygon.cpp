#include "hotspot/join/point_in_polygon.hpp"

#include <algorithm>
#include <cstdint>

#include "hotspot/core/error.hpp"

namespace hotspot::join {

namespace {
void collect(void* item, void* userdata) {
  static_cast<std::vector<std::int32_t>*>(userdata)->push_back(
      static_cast<std::int32_t>(reinterpret_cast<std::intptr_t>(item)));
}
}  // namespace

PolygonIndex::PolygonIndex(const AreaLayer& areas) : tree_(nullptr, GeosTreeDeleter{ctx_.get()}) {
  GEOSContextHandle_t h = ctx_.get();
  tree_.reset(GEOSSTRtree_create_r(h, 10));
  geoms_.reserve(areas.size());
  prepared_.reserve(areas.size());
  for (std::size_t i = 0; i < areas.size(); ++i) {
    GEOSGeometry* g = areas.table.geometries[i]->exportToGEOS(h);
    if (!g) throw Error(ErrorCode::Internal, "cannot convert an area to GEOS", {areas.source});
    geoms_.emplace_back(g, GeosGeomDeleter{h});
    prepared_.emplace_back(GEOSPrepare_r(h, g), GeosPreparedDeleter{h});
    GEOSSTRtree_insert_r(h, tree_.get(), g, reinterpret_cast<void*>(static_cast<std::intptr_t>(i)));
  }
}

void PolygonIndex::locate(double x, double y, std::vector<Hit>& hits) {
  hits.clear();
  candidates_.clear();
  GEOSContextHandle_t h = ctx_.get();
  GeosGeomPtr pt(GEOSGeom_createPointFromXY_r(h, x, y), GeosGeomDeleter{h});
  GEOSSTRtree_query_r(h, tree_.get(), pt.get(), collect, &candidates_);
  std::sort(candidates_.begin(), candidates_.end());
  for (std::int32_t a : candidates_) {
    const GEOSPreparedGeometry* pg = prepared_[static_cast<std::size_t>(a)].get();
    if (GEOSPreparedIntersects_r(h, pg, pt.get()) != 1) continue;
    const bool interior = GEOSPreparedContainsProperly_r(h, pg, pt.get()) == 1;
    hits.push_back({a, interior ? Location::Interior : Location::Boundary});
  }
}

void PolygonIndex::assign(double x, double y, std::vector<std::int32_t>& areas) {
  locate(x, y, hits_);
  apply_boundary_rule(hits_, areas);
}

void apply_boundary_rule(const std::vector<Hit>& hits, std::vector<std::int32_t>& areas) {
  areas.clear();
  bool boundary_taken = false;
  for (const Hit& h : hits) {
    if (h.where == Location::Interior) {
      areas.push_back(h.area);
    } else if (!boundary_taken) {  // hits are in layer order: the first boundary area wins
      areas.push_back(h.area);
      boundary_taken = true;
    }
  }
}

}  // namespace hotspot::join
