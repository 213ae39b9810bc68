#include "hotspot/crs/transform.hpp"

#include <memory>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "hotspot/core/error.hpp"

namespace hotspot::crs {

namespace {
// proj_create also takes object names and matches them loosely ("foo" finds "Amersfoort"):
// a bare name must be the CRS's own name, and whatever is given must be a CRS.
PjPtr create_crs(PJ_CONTEXT* ctx, const std::string& crs) {
  PjPtr p(proj_create(ctx, crs.c_str()));
  if (!p) return p;
  if (!proj_is_crs(p.get())) return nullptr;
  const bool structured = crs.find(':') != std::string::npos ||
                          crs.find('[') != std::string::npos ||
                          crs.find('+') != std::string::npos || crs.find('{') != std::string::npos;
  if (!structured) {
    const char* name = proj_get_name(p.get());
    std::string a = name ? name : "", b = crs;
    auto lower = [](std::string& s) {
      for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    };
    lower(a);
    lower(b);
    if (a != b) return nullptr;
  }
  return p;
}

PjPtr make_crs(PJ_CONTEXT* ctx, const std::string& crs) {
  PjPtr p = create_crs(ctx, crs);
  if (!p)
    throw Error(
        ErrorCode::Crs, fmt::format("unknown coordinate reference system '{}'", crs), {},
        "give it as EPSG:<code>, for example EPSG:28992 (RD New) or EPSG:4326 (WGS84 lon/lat)");
  return p;
}
}  // namespace

std::string normalise(const std::string& crs) {
  std::string s = crs;
  s.erase(std::remove_if(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); }),
          s.end());
  if (!s.empty() &&
      std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); }))
    return "EPSG:" + s;
  if (s.size() > 5 && (s.rfind("epsg:", 0) == 0 || s.rfind("Epsg:", 0) == 0))
    return "EPSG:" + s.substr(5);
  return crs;
}

Transform::Transform(const std::string& source_crs, const std::string& target_crs)
    : source_(normalise(source_crs)), target_(normalise(target_crs)), ctx_(proj_context_create()) {
  // Failures are handled here (non-finite results, rejected rows), not printed by PROJ.
  proj_log_level(ctx_.get(), PJ_LOG_NONE);
  src_ = make_crs(ctx_.get(), source_);
  dst_ = make_crs(ctx_.get(), target_);
  if (proj_is_equivalent_to(src_.get(), dst_.get(), PJ_COMP_EQUIVALENT)) {
    identity_ = true;
    return;
  }
  PjPtr op(proj_create_crs_to_crs_from_pj(ctx_.get(), src_.get(), dst_.get(), nullptr, nullptr));
  if (!op)
    throw Error(ErrorCode::Crs,
                fmt::format("PROJ has no transformation from {} to {}", source_, target_));
  op_.reset(proj_normalize_for_visualization(ctx_.get(), op.get()));
  if (!op_)
    throw Error(ErrorCode::Crs,
                fmt::format("cannot normalise axis order for {} -> {}", source_, target_));
}

Transform& Transform::operator=(Transform&& o) noexcept {
  if (this == &o) return *this;
  op_.reset();  // this context's objects first, then the context
  src_.reset();
  dst_.reset();
  ctx_ = std::move(o.ctx_);
  src_ = std::move(o.src_);
  dst_ = std::move(o.dst_);
  op_ = std::move(o.op_);
  source_ = std::move(o.source_);
  target_ = std::move(o.target_);
  identity_ = o.identity_;
  return *this;
}

void Transform::forward(double* x, double* y, std::size_t n) const {
  if (identity_ || n == 0) return;
  proj_trans_generic(op_.get(), PJ_FWD, x, sizeof(double), n, y, sizeof(double), n, nullptr, 0, 0,
                     nullptr, 0, 0);
  for (std::size_t i = 0; i < n; ++i)
    if (x[i] == HUGE_VAL || !std::isfinite(x[i]) || !std::isfinite(y[i]))
      x[i] = y[i] = std::numeric_limits<double>::infinity();
}

void Transform::inverse(double* x, double* y, std::size_t n) const {
  if (identity_ || n == 0) return;
  proj_trans_generic(op_.get(), PJ_INV, x, sizeof(double), n, y, sizeof(double), n, nullptr, 0, 0,
                     nullptr, 0, 0);
  for (std::size_t i = 0; i < n; ++i)
    if (!std::isfinite(x[i]) || !std::isfinite(y[i]))
      x[i] = y[i] = std::numeric_limits<double>::infinity();
}

std::string Transform::operation_name() const {
  if (identity_) return "none (same CRS)";
  // With several candidate operations PROJ picks per point; name the first (best) one.
  if (const char* name = proj_get_name(op_.get()); name && *name) return name;
  // A set of alternative operations has no name of its own: name the first PROJ would use
  // (the best for the area, as proj_create_crs_to_crs sorts them).
  std::unique_ptr<PJ_OPERATION_FACTORY_CONTEXT, decltype(&proj_operation_factory_context_destroy)>
      fc(proj_create_operation_factory_context(ctx_.get(), nullptr),
         &proj_operation_factory_context_destroy);
  if (!fc) return "unknown";
  proj_operation_factory_context_set_spatial_criterion(ctx_.get(), fc.get(),
                                                       PROJ_SPATIAL_CRITERION_PARTIAL_INTERSECTION);
  proj_operation_factory_context_set_grid_availability_use(
      ctx_.get(), fc.get(), PROJ_GRID_AVAILABILITY_DISCARD_OPERATION_IF_MISSING_GRID);
  std::unique_ptr<PJ_OBJ_LIST, decltype(&proj_list_destroy)> ops(
      proj_create_operations(ctx_.get(), src_.get(), dst_.get(), fc.get()), &proj_list_destroy);
  if (!ops || proj_list_get_count(ops.get()) == 0) return "unknown";
  PjPtr first(proj_list_get(ctx_.get(), ops.get(), 0));
  const char* n = first ? proj_get_name(first.get()) : nullptr;
  return n && *n ? n : "unknown";
}

bool is_known(const std::string& crs) {
  ProjContextPtr ctx(proj_context_create());
  proj_log_level(ctx.get(), PJ_LOG_NONE);
  return create_crs(ctx.get(), normalise(crs)) != nullptr;
}

namespace {
bool geographic_pj(const PJ* p) {
  const PJ_TYPE t = proj_get_type(p);
  return t == PJ_TYPE_GEOGRAPHIC_2D_CRS || t == PJ_TYPE_GEOGRAPHIC_3D_CRS ||
         t == PJ_TYPE_GEOGRAPHIC_CRS;
}

Bounds lonlat_pj(PJ_CONTEXT* ctx, const PJ* p, double margin_deg) {
  double w = -180, s = -90, e = 180, n = 90;
  if (!proj_get_area_of_use(ctx, p, &w, &s, &e, &n, nullptr)) return {-180, -90, 180, 90};
  // An area across the antimeridian has west > east (EPSG:4267: 167.65 .. -47.74). A box
  // cannot hold it: the check keeps its latitudes and takes every longitude.
  if (w > e) {
    w = -180;
    e = 180;
  }
  return {w - margin_deg, s - margin_deg, e + margin_deg, n + margin_deg};
}

Bounds area_pj(PJ_CONTEXT* ctx, PJ* p, const std::string& crs, double margin_frac) {
  double w = -180, s = -90, e = 180, n = 90;
  if (!proj_get_area_of_use(ctx, p, &w, &s, &e, &n, nullptr)) {
    w = -180;
    s = -90;
    e = 180;
    n = 90;
  }
  Bounds b{w, s, e, n};
  if (geographic_pj(p) && w > e) b = {-180, s, 180, n};  // across the antimeridian (see lonlat_pj)
  if (!geographic_pj(p)) {
    // A projected CRS carries its own conversion from its base CRS: no operation search.
    PjPtr op(proj_get_type(p) == PJ_TYPE_PROJECTED_CRS ? proj_crs_get_coordoperation(ctx, p)
                                                       : nullptr);
    if (!op) {
      PjPtr geo(proj_crs_get_geodetic_crs(ctx, p));
      op.reset(proj_create_crs_to_crs_from_pj(ctx, geo.get(), p, nullptr, nullptr));
    }
    if (!op) throw Error(ErrorCode::Crs, fmt::format("cannot compute the area of use of {}", crs));
    PjPtr norm(proj_normalize_for_visualization(ctx, op.get()));
    double xmin, ymin, xmax, ymax;
    if (!norm ||
        !proj_trans_bounds(ctx, norm.get(), PJ_FWD, w, s, e, n, &xmin, &ymin, &xmax, &ymax, 21))
      throw Error(ErrorCode::Crs, fmt::format("cannot compute the area of use of {}", crs));
    b = {xmin, ymin, xmax, ymax};
  }
  const double mx = (b[2] - b[0]) * margin_frac, my = (b[3] - b[1]) * margin_frac;
  return {b[0] - mx, b[1] - my, b[2] + mx, b[3] + my};
}
}  // namespace

bool is_geographic(const std::string& crs) {
  ProjContextPtr ctx(proj_context_create());
  PjPtr p = make_crs(ctx.get(), normalise(crs));
  return geographic_pj(p.get());
}

bool is_projected_metric(const std::string& crs) {
  ProjContextPtr ctx(proj_context_create());
  PjPtr p = make_crs(ctx.get(), normalise(crs));
  if (proj_get_type(p.get()) != PJ_TYPE_PROJECTED_CRS) return false;
  PjPtr cs(proj_crs_get_coordinate_system(ctx.get(), p.get()));
  if (!cs) return false;
  for (int i = 0; i < proj_cs_get_axis_count(ctx.get(), cs.get()); ++i) {
    double factor = 0;
    if (!proj_cs_get_axis_info(ctx.get(), cs.get(), i, nullptr, nullptr, nullptr, &factor, nullptr,
                               nullptr, nullptr) ||
        std::abs(factor - 1.0) > 1e-12)
      return false;
  }
  return true;
}

Bounds area_of_use_lonlat(const std::string& crs_in, double margin_deg) {
  ProjContextPtr ctx(proj_context_create());
  PjPtr p = make_crs(ctx.get(), normalise(crs_in));
  return lonlat_pj(ctx.get(), p.get(), margin_deg);
}

Bounds area_of_use(const std::string& crs_in, double margin_frac) {
  const std::string crs = normalise(crs_in);
  ProjContextPtr ctx(proj_context_create());
  PjPtr p = make_crs(ctx.get(), crs);
  return area_pj(ctx.get(), p.get(), crs, margin_frac);
}

// The same questions about a Transform's own CRSs, on its context (one database connection).
bool Transform::source_is_geographic() const {
  return geographic_pj(src_.get());
}
Bounds Transform::source_area_of_use(double margin_frac) const {
  return area_pj(ctx_.get(), src_.get(), source_, margin_frac);
}
Bounds Transform::target_area_of_use(double margin_frac) const {
  return area_pj(ctx_.get(), dst_.get(), target_, margin_frac);
}
Bounds Transform::target_area_of_use_lonlat(double margin_deg) const {
  return lonlat_pj(ctx_.get(), dst_.get(), margin_deg);
}

}  // namespace hotspot::crs
