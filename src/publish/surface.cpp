#include "hotspot/publish/surface.hpp"

#include <algorithm>
#include <cmath>

#include "hotspot/core/point_buckets.hpp"

namespace hotspot::publish {

double min_publication_bandwidth_m(double cell_m) {
  return std::max(100.0, 3 * cell_m);
}

std::vector<double> published_density(const density::Points& p, const Grid& g,
                                      const density::KdeConfig& kc, int k, SurfaceReport& report) {
  const double h = kc.bandwidth_m, h_cap = 4 * h;
  const double support_per_h = density::support_m(kc) / kc.bandwidth_m;
  const auto n_cells = static_cast<std::size_t>(g.size());
  std::vector<double> dens(n_cells, 0.0);
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
  if (n == 0) return dens;
  const PointBuckets buckets(xs.data(), ys.data(), n, h);
  const std::size_t need = static_cast<std::size_t>(std::max(0, k - 1));
  std::vector<double> d2;
  density::KdeConfig ki = kc;
  for (std::size_t i = 0; i < n; ++i) {
    // The distance to the (k-1)-th nearest other incident, looked for within h, 2h, 4h.
    double hi = h_cap;
    bool found = need == 0;
    if (found) hi = h;
    for (double r = h; !found && r <= h_cap * 1.0001; r *= 2) {
      d2.clear();
      buckets.query(xs[i] - r, ys[i] - r, xs[i] + r, ys[i] + r, [&](std::uint32_t j) {
        if (j == i) return;
        const double dx = xs[j] - xs[i], dy = ys[j] - ys[i], dd = dx * dx + dy * dy;
        if (dd <= r * r) d2.push_back(dd);
      });
      if (d2.size() >= need) {
        std::nth_element(d2.begin(), d2.begin() + static_cast<std::ptrdiff_t>(need - 1), d2.end());
        // the kernel's support must reach the (k-1)-th neighbour
        hi = std::max(h, std::sqrt(d2[need - 1]) / support_per_h);
        found = true;
      }
    }
    if (!found)
      ++report.isolated;
    else if (hi > h)
      ++report.widened;
    hi = std::min(hi, h_cap);
    ki.bandwidth_m = hi;
    const double sup = density::support_m(ki);
    const std::int64_t c0 = std::max<std::int64_t>(0, g.col_of(xs[i] - sup)),
                       c1 = std::min<std::int64_t>(g.ncols - 1, g.col_of(xs[i] + sup)),
                       r0 = std::max<std::int64_t>(0, g.row_of(ys[i] - sup)),
                       r1 = std::min<std::int64_t>(g.nrows - 1, g.row_of(ys[i] + sup));
    for (std::int64_t r = r0; r <= r1; ++r)
      for (std::int64_t c = c0; c <= c1; ++c) {
        const double dx = g.cx(c) - xs[i], dy = g.cy(r) - ys[i];
        const double d = std::sqrt(dx * dx + dy * dy);
        if (d > sup) continue;
        const auto cell = static_cast<std::size_t>(r * g.ncols + c);
        dens[cell] += ws[i] * density::kernel_value(ki, d);
        ++reach[cell];
      }
  }
  for (std::size_t c = 0; c < n_cells; ++c)
    if (dens[c] != 0 && reach[c] < static_cast<std::uint32_t>(k)) {
      dens[c] = 0;
      ++report.masked_cells;
    }
  return dens;
}

}  // namespace hotspot::publish
