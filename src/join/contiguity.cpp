#include "hotspot/join/contiguity.hpp"

#include <algorithm>
#include <cstdint>

#include "hotspot/geom/geos_handles.hpp"

namespace hotspot::join {

namespace {
void collect(void* item, void* userdata) {
  static_cast<std::vector<std::int32_t>*>(userdata)->push_back(
      static_cast<std::int32_t>(reinterpret_cast<std::intptr_t>(item)));
}
}  // namespace

Contiguity polygon_contiguity(const AreaLayer& areas) {
  GeosContext ctx;
  GEOSContextHandle_t h = ctx.get();
  const std::size_t n = areas.size();
  std::vector<GeosGeomPtr> geoms, bounds;
  GeosTreePtr tree(GEOSSTRtree_create_r(h, 10), GeosTreeDeleter{h});
  for (std::size_t i = 0; i < n; ++i) {
    geoms.emplace_back(areas.table.geometries[i]->exportToGEOS(h), GeosGeomDeleter{h});
    bounds.emplace_back(GEOSBoundary_r(h, geoms.back().get()), GeosGeomDeleter{h});
    GEOSSTRtree_insert_r(h, tree.get(), geoms.back().get(),
                         reinterpret_cast<void*>(static_cast<std::intptr_t>(i)));
  }
  Contiguity c;
  c.queen.resize(n);
  c.rook.resize(n);
  std::vector<std::int32_t> cand;
  for (std::size_t i = 0; i < n; ++i) {
    cand.clear();
    GEOSSTRtree_query_r(h, tree.get(), geoms[i].get(), collect, &cand);
    std::sort(cand.begin(), cand.end());
    GeosPreparedPtr prep(GEOSPrepare_r(h, bounds[i].get()), GeosPreparedDeleter{h});
    for (std::int32_t j : cand) {
      if (static_cast<std::size_t>(j) == i) continue;
      if (GEOSPreparedIntersects_r(h, prep.get(), bounds[static_cast<std::size_t>(j)].get()) != 1)
        continue;
      c.queen[i].push_back(j);
      GeosGeomPtr shared(
          GEOSIntersection_r(h, bounds[i].get(), bounds[static_cast<std::size_t>(j)].get()),
          GeosGeomDeleter{h});
      double len = 0;
      if (shared) GEOSLength_r(h, shared.get(), &len);
      if (len > 0) c.rook[i].push_back(j);
    }
  }
  return c;
}

}  // namespace hotspot::join
