#pragma once
// RAII for GEOS through its reentrant C API (GEOS capi/geos_c.h; the C++ API is unstable).
// One GeosContext per thread; geometries are plain objects that any context may read,
// but prepared geometries and STR trees build lazily and so belong to one thread.
#include <memory>
#include <string>

#include <geos_c.h>

namespace hotspot {

class GeosContext {
 public:
  GeosContext();
  ~GeosContext();
  GeosContext(const GeosContext&) = delete;
  GeosContext& operator=(const GeosContext&) = delete;
  GEOSContextHandle_t get() const noexcept { return h_; }
  /// Last error or notice GEOS reported on this context (empty when none).
  const std::string& last_error() const noexcept { return *last_error_; }

 private:
  GEOSContextHandle_t h_;
  std::unique_ptr<std::string> last_error_;  // stable address for the C callback
};

struct GeosGeomDeleter {
  GEOSContextHandle_t ctx;
  void operator()(GEOSGeometry* g) const noexcept {
    if (g) GEOSGeom_destroy_r(ctx, g);
  }
};
using GeosGeomPtr = std::unique_ptr<GEOSGeometry, GeosGeomDeleter>;

struct GeosPreparedDeleter {
  GEOSContextHandle_t ctx;
  void operator()(const GEOSPreparedGeometry* g) const noexcept {
    if (g) GEOSPreparedGeom_destroy_r(ctx, g);
  }
};
using GeosPreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, GeosPreparedDeleter>;

struct GeosTreeDeleter {
  GEOSContextHandle_t ctx;
  void operator()(GEOSSTRtree* t) const noexcept {
    if (t) GEOSSTRtree_destroy_r(ctx, t);
  }
};
using GeosTreePtr = std::unique_ptr<GEOSSTRtree, GeosTreeDeleter>;

}  // namespace hotspot
