#include "hotspot/publish/surface.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/point_buckets.hpp"

namespace hotspot::publish {

double min_publication_bandwidth_m(double cell_m) {
  return std::max(100.0, 3 * cell_m);
}

void check_publication_bandwidth(double bandwidth_m, double cell_m) {
  const double min = min_publication_bandwidth_m(cell_m);
  if (bandwidth_m >= min) return;
  throw Error(ErrorCode::Usage,
              fmt::format("a bandwidth of {:.0f} m with {} m cells would show single incidents; a "
                          "published surface needs at least {:.0f} m",
                          bandwidth_m, cell_m, min),
              {"", "", "--bandwidth-m"},
              fmt::format("give --bandwidth-m {:.0f} or more (at least 100 m and 3 cells), or "
                          "--internal for a surface that is not for publication",
                          min));
}

density::Surface published_density(const density::Points& p, const Grid& g,
                                   const density::KdeConfig& kc, int k, SurfaceReport& report,
                                   RunContext& ctx) {
  const double h = kc.bandwidth_m, h_cap = 4 * h;
  const double support_per_h = density::support_m(kc) / kc.bandwidth_m;
  const auto n_cells = static_cast<std::size_t>(g.size());
  std::vector<std::uint32_t> reach(n_cells, 0);
  // Incidents of weight 0 contribute nothing and are no one's neighbour.
  std::vector<double> xs, ys, ws;
  for (std::size_t i = 0; i < p.n; ++i) {
    const double w = p.w ? p.w[i] : 1.0;
    if (!(w > 0)) continue;
    xs.push_back(p.x[i]);
    ys.push_back(p.y[i]);
    ws.push_back(w);
  }
  const std::size_t n = xs.size();
  density::Surface out;
  out.grid = g;
  if (n == 0) {
    out.density.assign(n_cells, 0.0);
    return out;
  }
  // Each incident's bandwidth: at least the distance to its (k-1)-th nearest other incident,
  // looked for in growing squares (dense data finds them close by).
  const PointBuckets buckets(xs.data(), ys.data(), n, density::support_m(kc) / 4);
  const std::size_t need = static_cast<std::size_t>(std::max(0, k - 1));
  std::vector<double> hi(n, h);
  const double sup_h = density::support_m(kc);
  for (std::size_t i = 0; i < n && need > 0; ++i) {
    // Most incidents have k-1 others within the kernel's own support: their kernel stays.
    // (the square of half the support first: every point in it is within the support)
    bool enough = false;
    for (double half : {sup_h / 2, sup_h}) {
      std::size_t near = 0;
      enough = buckets.query_until(xs[i] - half, ys[i] - half, xs[i] + half, ys[i] + half,
                                   [&](std::uint32_t j) {
                                     if (j == i) return false;
                                     const double dx = xs[j] - xs[i], dy = ys[j] - ys[i];
                                     if (dx * dx + dy * dy <= sup_h * sup_h) ++near;
                                     return near >= need;
                                   });
      if (enough) break;
    }
    if (enough) continue;
    // Else the first of a ladder of radii that holds k-1 others: the kernel reaches at least
    // that far (a step wider than the neighbour at most, never narrower).
    bool found = false;
    for (double f : {1.25, 1.5, 2.0, 2.5, 3.0, 4.0}) {
      const double r = f * sup_h;
      std::size_t cnt = 0;
      if (buckets.query_until(xs[i] - r, ys[i] - r, xs[i] + r, ys[i] + r, [&](std::uint32_t j) {
            if (j == i) return false;
            const double dx = xs[j] - xs[i], dy = ys[j] - ys[i];
            if (dx * dx + dy * dy <= r * r) ++cnt;
            return cnt >= need;
          })) {
        hi[i] = std::min(h_cap, r / support_per_h);
        found = true;
        break;
      }
    }
    if (!found) {
      ++report.isolated;
      hi[i] = h_cap;
    } else if (hi[i] > h) {
      ++report.widened;
    }
  }
  ctx.lap("published surface: neighbours");
  // Kernels of the bandwidth asked for: the engine's KDE; widened ones one by one.
  std::vector<double> ax, ay, aw;
  for (std::size_t i = 0; i < n; ++i)
    if (hi[i] == h) ax.push_back(xs[i]), ay.push_back(ys[i]), aw.push_back(ws[i]);
  if (!ax.empty()) {
    out = density::kde({ax.data(), ay.data(), aw.data(), ax.size()}, g, kc, ctx);
  } else {
    out.density.assign(n_cells, 0.0);
    out.used = density::Method::Exact;
  }
  auto& dens = out.density;
  ctx.lap("published surface: kernel density");
  density::KdeConfig ki = kc;
  for (std::size_t i = 0; i < n; ++i) {
    ki.bandwidth_m = hi[i];
    const double sup = density::support_m(ki);
    const std::int64_t r0c = std::max<std::int64_t>(0, g.row_of(ys[i] - sup)),
                       r1c = std::min<std::int64_t>(g.nrows - 1, g.row_of(ys[i] + sup));
    const bool widened = hi[i] != h;
    for (std::int64_t r = r0c; r <= r1c; ++r) {
      const double dy = g.cy(r) - ys[i];
      if (dy * dy > sup * sup) continue;
      const double half = std::sqrt(sup * sup - dy * dy);
      const std::int64_t c0 = std::max<std::int64_t>(0, g.col_of(xs[i] - half)),
                         c1 = std::min<std::int64_t>(g.ncols - 1, g.col_of(xs[i] + half));
      for (std::int64_t c = c0; c <= c1; ++c) {
        const double dx = g.cx(c) - xs[i];
        const double dd = dx * dx + dy * dy;
        if (dd > sup * sup) continue;
        const auto cell = static_cast<std::size_t>(r * g.ncols + c);
        ++reach[cell];
        if (widened) dens[cell] += ws[i] * density::kernel_value(ki, std::sqrt(dd));
      }
    }
  }
  for (std::size_t c = 0; c < n_cells; ++c)
    if (dens[c] != 0 && reach[c] < static_cast<std::uint32_t>(k)) {
      dens[c] = 0;
      ++report.masked_cells;
    }
  return out;
}

}  // namespace hotspot::publish
