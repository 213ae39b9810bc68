#pragma once
// CRS changes through PROJ only, at the edges of a run (PDAL SrsTransform pattern):
// incidents and areas are brought into the working CRS right after reading and written
// back to WGS84 for GeoJSON. Axis order is always traditional GIS order (x/east or lon
// first), whatever the CRS definition says (proj_normalize_for_visualization).
#include <array>
#include <cstddef>
#include <memory>
#include <string>

#include <proj.h>

namespace hotspot::crs {

struct ProjContextDeleter {
  void operator()(PJ_CONTEXT* c) const noexcept { proj_context_destroy(c); }
};
struct PjDeleter {
  void operator()(PJ* p) const noexcept { proj_destroy(p); }
};
using ProjContextPtr = std::unique_ptr<PJ_CONTEXT, ProjContextDeleter>;
using PjPtr = std::unique_ptr<PJ, PjDeleter>;

/// Bounds in a CRS's own units: xmin, ymin, xmax, ymax.
using Bounds = std::array<double, 4>;

/// A coordinate operation between two CRSs, owning its own PROJ context (so one Transform
/// per thread; a Transform is not shared between threads).
class Transform {
 public:
  /// @throws Error(Crs) naming the CRS that PROJ does not know.
  Transform(const std::string& source_crs, const std::string& target_crs);
  Transform(Transform&&) noexcept = default;
  /// Not defaulted: member-wise assignment would replace the PROJ context (the first member)
  /// while this Transform's PJ objects, which belong to it, are still alive.
  Transform& operator=(Transform&& o) noexcept;

  /// Transform in place; a point PROJ cannot transform becomes +inf.
  void forward(double* x, double* y, std::size_t n) const;
  void inverse(double* x, double* y, std::size_t n) const;
  void forward(double& x, double& y) const { forward(&x, &y, 1); }

  /// Name of the operation PROJ chose (for the README and --verbose), e.g.
  /// "Inverse of RD New + Amersfoort to WGS 84 (9)".
  std::string operation_name() const;
  bool is_identity() const noexcept { return identity_; }
  /// As the free functions below, for this Transform's CRSs, without a second database look-up.
  bool source_is_geographic() const;
  Bounds source_area_of_use(double margin_frac = 0.02) const;
  Bounds target_area_of_use(double margin_frac = 0.02) const;
  Bounds target_area_of_use_lonlat(double margin_deg = 0.5) const;
  const std::string& source() const noexcept { return source_; }
  const std::string& target() const noexcept { return target_; }

 private:
  std::string source_, target_;
  ProjContextPtr ctx_;
  PjPtr src_, dst_;  // declared after ctx_: destroyed before it
  PjPtr op_;
  bool identity_ = false;
};

/// True when PROJ knows the CRS ("EPSG:28992", "EPSG:4326", WKT, PROJJSON ...).
bool is_known(const std::string& crs);
/// True for geographic (lon/lat) CRSs.
bool is_geographic(const std::string& crs);
/// True for a projected CRS whose axes are in metres (a CRS the engine can compute in).
bool is_projected_metric(const std::string& crs);
/// The CRS's area of use expressed in its own coordinates (projected bounds for a projected
/// CRS), grown by `margin_frac` of its size. @throws Error(Crs)
Bounds area_of_use(const std::string& crs, double margin_frac = 0.02);

/// The CRS's area of use in degrees (lon/lat box), grown by `margin_deg`. @throws Error(Crs)
Bounds area_of_use_lonlat(const std::string& crs, double margin_deg = 0.5);

/// Normalise user input: "28992" -> "EPSG:28992"; "epsg:4326" -> "EPSG:4326".
std::string normalise(const std::string& crs);

}  // namespace hotspot::crs
