#include "hotspot/stats/stats.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include <fmt/format.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/parallel.hpp"

namespace hotspot::stats {

// ---- small helpers -------------------------------------------------------------------------
namespace {
// The binomial density to about 1e-15 relative, by Loader's saddle-point expansion (C. Loader,
// "Fast and accurate computation of binomial probabilities", 2000; R's dbinom): log-gamma of
// numbers in the thousands loses about 1e-12, which a test against R at 1e-12 would show.
double stirlerr(double n) {  // log(n!) - log(sqrt(2 pi n) (n/e)^n)
  constexpr double S0 = 1.0 / 12, S1 = 1.0 / 360, S2 = 1.0 / 1260, S3 = 1.0 / 1680, S4 = 1.0 / 1188;
  if (n <= 15) return std::lgamma(n + 1) - (n + 0.5) * std::log(n) + n - 0.5 * std::log(2 * M_PI);
  const double nn = n * n;
  if (n > 500) return (S0 - S1 / nn) / n;
  if (n > 80) return (S0 - (S1 - S2 / nn) / nn) / n;
  if (n > 35) return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
  return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
}
double bd0(double x, double np) {  // x log(x / np) + np - x, without cancellation near x = np
  if (std::fabs(x - np) < 0.1 * (x + np)) {
    double v = (x - np) / (x + np), s = (x - np) * v, ej = 2 * x * v;
    v *= v;
    for (int j = 1; j < 1000; ++j) {
      ej *= v;
      const double s1 = s + ej / (2 * j + 1);
      if (s1 == s) return s1;
      s = s1;
    }
  }
  return x * std::log(x / np) + np - x;
}
double dbinom_half(std::int64_t x, std::int64_t n) {  // P(X = x), X ~ Bin(n, 1/2)
  if (x == 0 || x == n) return std::ldexp(1.0, -static_cast<int>(std::min<std::int64_t>(n, 2000)));
  const double dx = static_cast<double>(x), dn = static_cast<double>(n), half = dn / 2;
  const double lc =
      stirlerr(dn) - stirlerr(dx) - stirlerr(dn - dx) - bd0(dx, half) - bd0(dn - dx, half);
  const double lf = std::log(2 * M_PI) + std::log(dx) + std::log1p(-dx / dn);
  return std::exp(lc - 0.5 * lf);
}
}  // namespace

double poisson_equal_exposure_p(std::int64_t a, std::int64_t b) {
  const std::int64_t n = a + b;
  if (n == 0 || a == b) return 1.0;
  const std::int64_t k = std::max(a, b);
  // P(X >= k): the first term exactly (above), the rest by the ratio of neighbours, summed
  // from the smallest up.
  std::vector<double> t{dbinom_half(k, n)};
  for (std::int64_t j = k; j < n && t.back() > 1e-300 && t.back() > t.front() * 1e-18; ++j)
    t.push_back(t.back() * static_cast<double>(n - j) / static_cast<double>(j + 1));
  double tail = 0;
  for (auto it = t.rbegin(); it != t.rend(); ++it) tail += *it;
  return std::min(1.0, 2.0 * tail);
}

double two_sided_p(double z) {
  return std::isfinite(z) ? std::erfc(std::abs(z) / std::sqrt(2.0)) : std::nan("");
}

std::vector<double> bh_adjust(const std::vector<double>& p) {
  const std::size_t n = p.size();
  std::vector<std::size_t> o(n);
  std::iota(o.begin(), o.end(), 0);
  // R: i <- n:1; o <- order(p, decreasing = TRUE); pmin(1, cummin(n / i * p[o]))[order(o)]
  std::stable_sort(o.begin(), o.end(), [&](std::size_t a, std::size_t b) { return p[a] > p[b]; });
  std::vector<double> q(n);
  double run = 1.0;
  for (std::size_t k = 0; k < n; ++k) {
    const double rank = static_cast<double>(n - k);
    const double v = std::isfinite(p[o[k]]) ? static_cast<double>(n) / rank * p[o[k]] : 1.0;
    run = std::min(run, v);
    q[o[k]] = std::min(1.0, run);
  }
  return q;
}

int confidence_class(double z, double p) {
  if (!std::isfinite(z) || !std::isfinite(p)) return 0;
  const int level = p < 0.01 ? 3 : p < 0.05 ? 2 : p < 0.10 ? 1 : 0;
  return z > 0 ? level : -level;
}

WeightsSpec parse_weights(const std::string& s) {
  WeightsSpec w;
  auto bad = [&] {
    return Error(ErrorCode::Usage, fmt::format("--weights '{}' is not understood", s),
                 {"", "", "--weights"}, "write distance:600 (metres), knn:8, queen or rook");
  };
  if (s == "queen")
    w.kind = WeightKind::Queen;
  else if (s == "rook")
    w.kind = WeightKind::Rook;
  else if (s.rfind("distance:", 0) == 0) {
    w.kind = WeightKind::Distance;
    char* end = nullptr;
    w.distance_m = std::strtod(s.c_str() + 9, &end);
    if (*end != 0 || !(w.distance_m > 0)) throw bad();
  } else if (s.rfind("knn:", 0) == 0) {
    w.kind = WeightKind::Knn;
    char* end = nullptr;
    w.k = static_cast<int>(std::strtol(s.c_str() + 4, &end, 10));
    if (*end != 0 || w.k < 1) throw bad();
  } else {
    throw bad();
  }
  return w;
}

std::string describe(const WeightsSpec& w) {
  std::string k;
  switch (w.kind) {
    case WeightKind::Distance:
      k = fmt::format("distance band {} m", w.distance_m);
      break;
    case WeightKind::Knn:
      k = fmt::format("{} nearest neighbours", w.k);
      break;
    case WeightKind::Queen:
      k = "queen contiguity";
      break;
    case WeightKind::Rook:
      k = "rook contiguity";
      break;
  }
  return k + (w.style == Style::Row ? ", row-standardised" : ", binary");
}

namespace {

bool square_grid(const Units& u) {
  return u.grid.has_value() && !u.hex;
}

/// Offsets (dc, dr) of a square-grid distance band, self excluded.
std::vector<std::pair<std::int64_t, std::int64_t>> stencil(double d, double c, const Grid& g) {
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  // No offset beyond the grid's own size can reach a cell (and d / c may not fit an integer).
  const auto r = static_cast<std::int64_t>(
      std::min(std::floor(d / c), static_cast<double>(std::max(g.ncols, g.nrows))));
  const double dd = d * d * (1 + 1e-12);
  for (std::int64_t dr = -r; dr <= r; ++dr)
    for (std::int64_t dc = -r; dc <= r; ++dc) {
      if (dc == 0 && dr == 0) continue;
      const double x = static_cast<double>(dc) * c, y = static_cast<double>(dr) * c;
      if (x * x + y * y <= dd) out.emplace_back(dc, dr);
    }
  return out;
}

/// Neighbours without materialising lists where a square grid makes that unnecessary.
class Adjacency {
 public:
  Adjacency(const Units& u, const WeightsSpec& w) : u_(u) {
    if (square_grid(u) && (w.kind == WeightKind::Distance || w.kind == WeightKind::Queen ||
                           w.kind == WeightKind::Rook)) {
      const double c = u.grid->cell_m;
      if (w.kind == WeightKind::Distance)
        offsets_ = stencil(w.distance_m, c, *u.grid);
      else if (w.kind == WeightKind::Queen)
        offsets_ = {{-1, -1}, {0, -1}, {1, -1}, {-1, 0}, {1, 0}, {-1, 1}, {0, 1}, {1, 1}};
      else
        offsets_ = {{0, -1}, {-1, 0}, {1, 0}, {0, 1}};
      use_stencil_ = true;
      make_spans();
    } else {
      csr_ = neighbours(u, w);
    }
  }
  template <class F>
  void for_each(std::size_t i, F&& f) const {
    if (use_stencil_) {
      const Grid& g = *u_.grid;
      const std::int64_t cell = u_.cell[i], row = cell / g.ncols, col = cell % g.ncols;
      for (const auto& [dc, dr] : offsets_) {
        const std::int64_t c2 = col + dc, r2 = row + dr;
        if (c2 < 0 || r2 < 0 || c2 >= g.ncols || r2 >= g.nrows) continue;
        const std::int32_t j = u_.unit_of[static_cast<std::size_t>(r2 * g.ncols + c2)];
        if (j >= 0) f(static_cast<std::size_t>(j));
      }
    } else {
      for (std::int64_t k = csr_.start[i]; k < csr_.start[i + 1]; ++k)
        f(static_cast<std::size_t>(csr_.index[static_cast<std::size_t>(k)]));
    }
  }
  std::size_t count(std::size_t i) const {
    if (!use_stencil_) return csr_.count(i);
    std::size_t n = 0;
    for_each(i, [&](std::size_t) { ++n; });
    return n;
  }

  /// Per-row prefix sums of a per-unit value over the grid (cells without a unit add 0), for
  /// neighbour sums in O(stencil rows) instead of O(stencil cells). Empty when not a stencil.
  std::vector<double> prefix(const std::vector<double>* v) const {
    if (!use_stencil_ || spans_.empty()) return {};
    const Grid& g = *u_.grid;
    const auto w = static_cast<std::size_t>(g.ncols + 1);
    std::vector<double> p(static_cast<std::size_t>(g.nrows) * w);
    for (std::int64_t r = 0; r < g.nrows; ++r) {
      double acc = 0;
      double* row = p.data() + static_cast<std::size_t>(r) * w;
      row[0] = 0;
      for (std::int64_t c = 0; c < g.ncols; ++c) {
        const std::int32_t j = u_.unit_of[static_cast<std::size_t>(r * g.ncols + c)];
        if (j >= 0) acc += v ? (*v)[static_cast<std::size_t>(j)] : 1.0;
        row[c + 1] = acc;
      }
    }
    return p;
  }
  /// Sum over i's neighbours (self excluded) of the value behind `p` (from prefix());
  /// `self` is i's own value. With integer values (counts) the result is exact.
  double neighbour_sum(std::size_t i, const std::vector<double>& p, double self) const {
    const Grid& g = *u_.grid;
    const auto w = g.ncols + 1;
    const std::int64_t cell = u_.cell[i], row = cell / g.ncols, col = cell % g.ncols;
    double s = 0;
    for (std::int64_t k = 0; k < static_cast<std::int64_t>(spans_.size()); ++k) {
      const std::int64_t r2 = row + k - reach_;
      if (r2 < 0 || r2 >= g.nrows) continue;
      const std::int64_t a =
          std::max<std::int64_t>(0, col + spans_[static_cast<std::size_t>(k)].first);
      const std::int64_t b =
          std::min<std::int64_t>(g.ncols - 1, col + spans_[static_cast<std::size_t>(k)].second);
      if (a <= b)
        s += p[static_cast<std::size_t>(r2 * w + b + 1)] - p[static_cast<std::size_t>(r2 * w + a)];
    }
    return s - self;  // the row through i holds i itself
  }
  bool has_spans() const noexcept { return use_stencil_ && !spans_.empty(); }

 private:
  /// The stencil as one run of columns per row offset, with the centre included; left empty
  /// when a row's offsets are not one run.
  void make_spans() {
    std::int64_t r = 0;
    for (const auto& [dc, dr] : offsets_) r = std::max(r, std::abs(dr));
    std::vector<std::pair<std::int64_t, std::int64_t>> sp(static_cast<std::size_t>(2 * r + 1),
                                                          {1, -1});
    std::vector<std::int64_t> n(sp.size(), 0);
    auto add = [&](std::int64_t dc, std::int64_t dr) {
      auto& s = sp[static_cast<std::size_t>(dr + r)];
      if (s.first > s.second) s = {dc, dc};
      s.first = std::min(s.first, dc);
      s.second = std::max(s.second, dc);
      ++n[static_cast<std::size_t>(dr + r)];
    };
    for (const auto& [dc, dr] : offsets_) add(dc, dr);
    add(0, 0);
    for (std::size_t k = 0; k < sp.size(); ++k)
      if (sp[k].first > sp[k].second || sp[k].second - sp[k].first + 1 != n[k])
        return;  // not one run per row
    spans_ = std::move(sp);
    reach_ = r;
  }

  const Units& u_;
  std::vector<std::pair<std::int64_t, std::int64_t>> spans_;
  std::int64_t reach_ = 0;
  bool use_stencil_ = false;
  std::vector<std::pair<std::int64_t, std::int64_t>> offsets_;
  Neighbours csr_;
};

/// Uniform buckets of unit centres for distance and k-nearest searches.
struct Buckets {
  double x0, y0, size;
  std::int64_t nx, ny;
  std::vector<std::vector<std::int32_t>> cells;
  Buckets(const Units& u, double s) : size(s) {
    const auto [xa, xb] = std::minmax_element(u.x.begin(), u.x.end());
    const auto [ya, yb] = std::minmax_element(u.y.begin(), u.y.end());
    x0 = *xa;
    y0 = *ya;
    nx = static_cast<std::int64_t>((*xb - x0) / s) + 1;
    ny = static_cast<std::int64_t>((*yb - y0) / s) + 1;
    if (nx * ny > 50'000'000) {  // keep the bucket array sane for tiny distances
      const double f = std::sqrt(static_cast<double>(nx * ny) / 50e6);
      size *= f;
      nx = static_cast<std::int64_t>((*xb - x0) / size) + 1;
      ny = static_cast<std::int64_t>((*yb - y0) / size) + 1;
    }
    cells.resize(static_cast<std::size_t>(nx * ny));
    for (std::size_t i = 0; i < u.size(); ++i)
      cells[static_cast<std::size_t>(key(u.x[i], u.y[i]))].push_back(static_cast<std::int32_t>(i));
  }
  std::int64_t bx(double x) const {
    return std::clamp<std::int64_t>(static_cast<std::int64_t>((x - x0) / size), 0, nx - 1);
  }
  std::int64_t by(double y) const {
    return std::clamp<std::int64_t>(static_cast<std::int64_t>((y - y0) / size), 0, ny - 1);
  }
  std::int64_t key(double x, double y) const { return by(y) * nx + bx(x); }
};

void finish(Neighbours& nb, std::vector<std::vector<std::int32_t>>& lists) {
  nb.start.assign(lists.size() + 1, 0);
  for (std::size_t i = 0; i < lists.size(); ++i) {
    std::sort(lists[i].begin(), lists[i].end());
    nb.start[i + 1] = nb.start[i] + static_cast<std::int64_t>(lists[i].size());
  }
  nb.index.reserve(static_cast<std::size_t>(nb.start.back()));
  for (auto& l : lists) nb.index.insert(nb.index.end(), l.begin(), l.end());
}

}  // namespace

void check_weights(const Units& u, const WeightsSpec& w, std::uint64_t budget_bytes) {
  const std::size_t n = u.size();
  if (n < 3) return;  // check_values says why
  const auto [xa, xb] = std::minmax_element(u.x.begin(), u.x.end());
  const auto [ya, yb] = std::minmax_element(u.y.begin(), u.y.end());
  const double wx = *xb - *xa, wy = *yb - *ya, diag = std::hypot(wx, wy);
  const double dn = static_cast<double>(n);
  double pairs = 0, bytes = 0;
  switch (w.kind) {
    case WeightKind::Distance: {
      if (!(w.distance_m > 0) || !std::isfinite(w.distance_m))
        throw Error(ErrorCode::Usage,
                    fmt::format("the distance band {} m is not a positive distance", w.distance_m),
                    {"", "", "weights"}, "give e.g. distance:500");
      // Neighbours per unit: the band's share of the units' bounding box (at least 1 m each side).
      const double area = std::max(wx, 1.0) * std::max(wy, 1.0);
      const double per = std::min(dn - 1, dn * M_PI * w.distance_m * w.distance_m / area);
      pairs = dn * per;
      if (square_grid(u)) {
        // The band as a stencil of cell offsets (16 bytes each), as far as the band reaches.
        const double r = w.distance_m / u.grid->cell_m;
        pairs = M_PI * r * r;
        bytes = pairs * 16;
      } else {
        bytes = pairs * 8 + dn * 32;  // lists, then CSR
      }
      if (bytes <= static_cast<double>(budget_bytes) && w.distance_m >= diag)
        throw Error(
            ErrorCode::Usage,
            fmt::format(
                "a distance band of {} m makes every unit a neighbour of every other (the {} units "
                "span {:.0f} m): the statistic is undefined",
                w.distance_m, n, diag),
            {"", "", "weights"},
            "use a band well below the study area's size, or leave --weights out to let the tool "
            "choose");
      break;
    }
    case WeightKind::Knn:
      if (w.k < 1)
        throw Error(ErrorCode::Usage, fmt::format("knn:{} needs at least one neighbour", w.k),
                    {"", "", "weights"}, "e.g. knn:8");
      if (static_cast<double>(w.k) >= dn - 1)
        throw Error(ErrorCode::Usage,
                    fmt::format("knn:{} makes every one of the {} units a neighbour of every "
                                "other: the statistic is undefined",
                                w.k, n),
                    {"", "", "weights"},
                    fmt::format("use fewer neighbours than {}, e.g. knn:8", n - 1));
      pairs = dn * static_cast<double>(w.k);
      bytes = pairs * 8 + dn * 32;
      break;
    case WeightKind::Queen:
    case WeightKind::Rook:
      bytes = dn * 8 * 8;
      break;
  }
  if (bytes > static_cast<double>(budget_bytes))
    throw Error(
        ErrorCode::Resource,
        fmt::format("the neighbour lists ({} units, about {:.3g} neighbour pairs) need about {}, "
                    "more than the {} available",
                    n, pairs, human_bytes(bytes), human_bytes(static_cast<double>(budget_bytes))),
        {"", "", "weights"}, "use a smaller distance band or fewer neighbours");
}

Neighbours neighbours(const Units& u, const WeightsSpec& w) {
  const std::size_t n = u.size();
  std::vector<std::vector<std::int32_t>> lists(n);
  switch (w.kind) {
    case WeightKind::Distance: {
      if (!(w.distance_m > 0))
        throw Error(ErrorCode::Usage, "the distance band must be positive", {"", "", "--weights"});
      const Buckets b(u, w.distance_m);
      const double dd = w.distance_m * w.distance_m * (1 + 1e-12);
      const auto reach = static_cast<std::int64_t>(std::ceil(w.distance_m / b.size));
      for (std::size_t i = 0; i < n; ++i) {
        const std::int64_t cx = b.bx(u.x[i]), cy = b.by(u.y[i]);
        for (std::int64_t yy = std::max<std::int64_t>(0, cy - reach);
             yy <= std::min(b.ny - 1, cy + reach); ++yy)
          for (std::int64_t xx = std::max<std::int64_t>(0, cx - reach);
               xx <= std::min(b.nx - 1, cx + reach); ++xx)
            for (std::int32_t j : b.cells[static_cast<std::size_t>(yy * b.nx + xx)]) {
              if (static_cast<std::size_t>(j) == i) continue;
              const double dx = u.x[static_cast<std::size_t>(j)] - u.x[i],
                           dy = u.y[static_cast<std::size_t>(j)] - u.y[i];
              if (dx * dx + dy * dy <= dd) lists[i].push_back(j);
            }
      }
      break;
    }
    case WeightKind::Knn: {
      if (n < 2) break;
      const auto k =
          static_cast<std::size_t>(std::min<std::size_t>(static_cast<std::size_t>(w.k), n - 1));
      const auto [xa, xb] = std::minmax_element(u.x.begin(), u.x.end());
      const auto [ya, yb] = std::minmax_element(u.y.begin(), u.y.end());
      const double area = std::max(1.0, (*xb - *xa) * (*yb - *ya));
      const Buckets b(u, std::max(1.0, std::sqrt(area / static_cast<double>(n)) * 2));
      std::vector<std::pair<double, std::int32_t>> cand;
      for (std::size_t i = 0; i < n; ++i) {
        const std::int64_t cx = b.bx(u.x[i]), cy = b.by(u.y[i]);
        for (std::int64_t ring = 1;; ++ring) {
          cand.clear();
          for (std::int64_t yy = std::max<std::int64_t>(0, cy - ring);
               yy <= std::min(b.ny - 1, cy + ring); ++yy)
            for (std::int64_t xx = std::max<std::int64_t>(0, cx - ring);
                 xx <= std::min(b.nx - 1, cx + ring); ++xx)
              for (std::int32_t j : b.cells[static_cast<std::size_t>(yy * b.nx + xx)]) {
                if (static_cast<std::size_t>(j) == i) continue;
                const double dx = u.x[static_cast<std::size_t>(j)] - u.x[i],
                             dy = u.y[static_cast<std::size_t>(j)] - u.y[i];
                cand.emplace_back(dx * dx + dy * dy, j);
              }
          const bool whole =
              cy - ring <= 0 && cx - ring <= 0 && cy + ring >= b.ny - 1 && cx + ring >= b.nx - 1;
          if (cand.size() >= k) {
            std::nth_element(cand.begin(), cand.begin() + static_cast<std::ptrdiff_t>(k - 1),
                             cand.end());
            // The ring is complete when its inner radius exceeds the k-th distance.
            const double inner = static_cast<double>(ring) * b.size;
            if (whole || cand[k - 1].first <= inner * inner) {
              std::sort(cand.begin(), cand.end());  // ties by index: pairs compare (d, j)
              for (std::size_t m = 0; m < k; ++m) lists[i].push_back(cand[m].second);
              break;
            }
          } else if (whole) {
            for (auto& c : cand) lists[i].push_back(c.second);
            break;
          }
        }
      }
      break;
    }
    case WeightKind::Queen:
    case WeightKind::Rook: {
      if (u.grid &&
          u.hex) {  // hex cells share an edge with the six cells one spacing away: queen = rook
        WeightsSpec d;
        d.kind = WeightKind::Distance;
        d.distance_m = u.grid->cell_m * 1.01;
        return neighbours(u, d);
      }
      if (u.grid) {
        const Grid& g = *u.grid;
        for (std::size_t i = 0; i < n; ++i) {
          const std::int64_t row = u.cell[i] / g.ncols, col = u.cell[i] % g.ncols;
          for (std::int64_t dr = -1; dr <= 1; ++dr)
            for (std::int64_t dc = -1; dc <= 1; ++dc) {
              if ((dr == 0 && dc == 0) || (w.kind == WeightKind::Rook && dr != 0 && dc != 0))
                continue;
              const std::int64_t r2 = row + dr, c2 = col + dc;
              if (r2 < 0 || c2 < 0 || r2 >= g.nrows || c2 >= g.ncols) continue;
              const std::int32_t j = u.unit_of[static_cast<std::size_t>(r2 * g.ncols + c2)];
              if (j >= 0) lists[i].push_back(j);
            }
        }
      } else {
        const auto& src = w.kind == WeightKind::Queen ? u.queen : u.rook;
        if (src.size() != n)
          throw Error(ErrorCode::Usage, "contiguity weights need polygons or a grid",
                      {"", "", "--weights"}, "use distance:D or knn:K for these units");
        lists = src;
      }
      break;
    }
  }
  Neighbours nb;
  finish(nb, lists);
  return nb;
}

namespace {
void check_values(const std::vector<double>& x) {
  const std::size_t n = x.size();
  if (n < 3)
    throw Error(ErrorCode::EmptyInput,
                fmt::format("{} spatial unit(s): at least 3 are needed for hotspot statistics", n),
                {}, "use a larger extent, a smaller cell or more areas");
  const auto [lo, hi] = std::minmax_element(x.begin(), x.end());
  if (*lo == *hi)
    throw Error(
        ErrorCode::EmptyInput,
        fmt::format(
            "all {} units have the same count ({}): with zero variance there is no pattern to test",
            n, *lo),
        {}, "check the filters and the study area; a larger area or period may show variation");
}

template <class F>
void parallel_for(std::size_t n, unsigned threads, F&& f) {
  hotspot::parallel_for(n, threads, std::forward<F>(f), 256);
}
}  // namespace

GiResult gi_star(const Units& u, const std::vector<double>& x, const WeightsSpec& w,
                 RunContext& ctx) {
  check_values(x);
  check_weights(u, w, ctx.memory_budget());
  const std::size_t n = x.size();
  const double dn = static_cast<double>(n);
  const double xbar = std::accumulate(x.begin(), x.end(), 0.0) / dn;
  double ss = 0;
  for (double v : x) ss += (v - xbar) * (v - xbar);
  const double s2 = ss / dn;
  const Adjacency adj(u, w);
  GiResult r;
  r.z.resize(n);
  r.n_neigh.resize(n);
  const std::vector<double> px = adj.prefix(&x), pc = adj.prefix(nullptr);
  parallel_for(n, ctx.thread_count(), [&](std::size_t lo, std::size_t hi) {
    for (std::size_t i = lo; i < hi; ++i) {
      double sum = x[i];
      std::int32_t m = 1;  // self
      if (adj.has_spans()) {
        sum += adj.neighbour_sum(i, px, x[i]);
        m += static_cast<std::int32_t>(adj.neighbour_sum(i, pc, 1.0));
      } else {
        adj.for_each(i, [&](std::size_t j) {
          sum += x[j];
          ++m;
        });
      }
      const double dm = m;
      double lag, W, S1;
      if (w.style == Style::Row) {
        lag = sum / dm;
        W = 1.0;
        S1 = 1.0 / dm;
      } else {
        lag = sum;
        W = dm;
        S1 = dm;
      }
      const double den = std::sqrt(s2 * (dn * S1 - W * W) / (dn - 1));
      r.z[i] = den > 0 ? (lag - W * xbar) / den : std::nan("");
      r.n_neigh[i] = m;
    }
  });
  r.p.resize(n);
  for (std::size_t i = 0; i < n; ++i) r.p[i] = two_sided_p(r.z[i]);
  r.p_fdr = bh_adjust(r.p);
  r.cls.resize(n);
  r.cls_fdr.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    r.cls[i] = confidence_class(r.z[i], r.p[i]);
    r.cls_fdr[i] = confidence_class(r.z[i], r.p_fdr[i]);
  }
  return r;
}

namespace {
std::uint64_t splitmix(std::uint64_t& s) {
  std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}
}  // namespace

LisaResult local_moran(const Units& u, const std::vector<double>& x, const WeightsSpec& w,
                       const LisaConfig& cfg, RunContext& ctx) {
  check_values(x);
  check_weights(u, w, ctx.memory_budget());
  const std::size_t n = x.size();
  const double dn = static_cast<double>(n);
  const double xbar = std::accumulate(x.begin(), x.end(), 0.0) / dn;
  std::vector<double> z(n);
  double m2 = 0;
  for (std::size_t i = 0; i < n; ++i) {
    z[i] = x[i] - xbar;
    m2 += z[i] * z[i];
  }
  m2 /= dn;
  const Adjacency adj(u, w);
  LisaResult r;
  const double nan = std::nan("");
  r.i.assign(n, nan);
  r.e.assign(n, nan);
  r.var.assign(n, nan);
  r.z.assign(n, nan);
  r.p.assign(n, nan);
  r.p_perm.assign(n, nan);
  r.n_neigh.assign(n, 0);
  r.cluster.assign(n, "ns");
  std::vector<double> lag(n, 0.0);
  std::vector<double> lagx(n, 0.0);
  parallel_for(n, ctx.thread_count(), [&](std::size_t lo, std::size_t hi) {
    std::vector<std::size_t> nbrs;
    for (std::size_t i = lo; i < hi; ++i) {
      nbrs.clear();
      adj.for_each(i, [&](std::size_t j) { nbrs.push_back(j); });
      const std::size_t k = nbrs.size();
      r.n_neigh[i] = static_cast<std::int32_t>(k);
      if (k == 0) continue;
      const double wij = w.style == Style::Row ? 1.0 / static_cast<double>(k) : 1.0;
      double sz = 0, sx = 0;
      for (std::size_t j : nbrs) {
        sz += z[j];
        sx += x[j];
      }
      lag[i] = wij * sz;
      lagx[i] = wij * sx;
      const double W = wij * static_cast<double>(k), W2 = wij * wij * static_cast<double>(k);
      r.i[i] = z[i] / m2 * lag[i];
      r.e[i] = -z[i] * z[i] * W / ((dn - 1) * m2);
      r.var[i] = (z[i] / m2) * (z[i] / m2) * (dn / (dn - 2)) * (W2 - W * W / (dn - 1)) *
                 (m2 - z[i] * z[i] / (dn - 1));
      r.z[i] = r.var[i] > 0 ? (r.i[i] - r.e[i]) / std::sqrt(r.var[i]) : nan;
      r.p[i] = two_sided_p(r.z[i]);
      if (cfg.permutations > 0) {
        std::uint64_t state = cfg.seed * 0x9E3779B97F4A7C15ULL ^
                              (static_cast<std::uint64_t>(i) + 1) * 0xD1B54A32D192ED03ULL;
        std::size_t ge = 0, le = 0;
        std::vector<std::size_t> pick;
        for (int perm = 0; perm < cfg.permutations; ++perm) {
          // k distinct indices from the other n - 1 units (rejection: k << n).
          pick.clear();
          double s = 0;
          while (pick.size() < k) {
            const std::size_t j = static_cast<std::size_t>(splitmix(state) % (n - 1));
            const std::size_t jj = j >= i ? j + 1 : j;  // skip self
            if (std::find(pick.begin(), pick.end(), jj) != pick.end()) continue;
            pick.push_back(jj);
            s += z[jj];
          }
          const double ip = z[i] / m2 * wij * s;
          ge += ip >= r.i[i];
          le += ip <= r.i[i];
        }
        r.p_perm[i] =
            static_cast<double>(std::min(ge, le) + 1) / static_cast<double>(cfg.permutations + 1);
      }
    }
  });
  double lag_mean = 0;
  std::size_t with = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (r.n_neigh[i] > 0) {
      lag_mean += lagx[i];
      ++with;
    } else {
      ++r.no_neighbours;
    }
  lag_mean = with ? lag_mean / static_cast<double>(with) : 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (r.n_neigh[i] == 0) continue;
    const double p = cfg.permutations > 0 ? r.p_perm[i] : r.p[i];
    if (!(p < cfg.alpha)) continue;
    const bool hi_x = x[i] > xbar, hi_lag = lagx[i] > lag_mean;
    r.cluster[i] = hi_x ? (hi_lag ? "HH" : "HL") : (hi_lag ? "LH" : "LL");
  }
  return r;
}

namespace {
/// The sums the global statistics need (Cliff and Ord's S0, S1, S2 for the weights, the
/// binary counterparts for General G, and the cross products).
struct GlobalSums {
  double S0 = 0, S1 = 0, S2 = 0, cross = 0, B0 = 0, bS1 = 0, bS2 = 0, gnum = 0;
};

GlobalResult global_from_sums(const GlobalSums& s, const std::vector<double>& x) {
  const std::size_t n = x.size();
  const double dn = static_cast<double>(n);
  GlobalResult g;
  const double xbar = std::accumulate(x.begin(), x.end(), 0.0) / dn;
  double m2 = 0, m4 = 0, sumx = 0, sumx2 = 0, sumx3 = 0, sumx4 = 0;
  for (const double v : x) {
    const double z = v - xbar;
    m2 += z * z;
    m4 += z * z * z * z;
    sumx += v;
    sumx2 += v * v;
    sumx3 += v * v * v;
    sumx4 += v * v * v * v;
  }
  if (s.S0 <= 0 || m2 <= 0) return g;
  // Moran's I under randomisation (Cliff and Ord 1981; spdep moran.test).
  g.moran_i = dn / s.S0 * s.cross / m2;
  g.moran_e = -1.0 / (dn - 1);
  const double b2 = dn * m4 / (m2 * m2);
  const double num = dn * ((dn * dn - 3 * dn + 3) * s.S1 - dn * s.S2 + 3 * s.S0 * s.S0) -
                     b2 * ((dn * dn - dn) * s.S1 - 2 * dn * s.S2 + 6 * s.S0 * s.S0);
  g.moran_var = num / ((dn - 1) * (dn - 2) * (dn - 3) * s.S0 * s.S0) - g.moran_e * g.moran_e;
  g.moran_z = g.moran_var > 0 ? (g.moran_i - g.moran_e) / std::sqrt(g.moran_var) : std::nan("");
  g.moran_p = two_sided_p(g.moran_z);
  // General G (Getis and Ord 1992; spdep globalG.test), binary weights, raw values.
  const double den = sumx * sumx - sumx2;
  if (den > 0) {
    g.g = s.gnum / den;
    g.g_e = s.B0 / (dn * (dn - 1));
    const double b0 = (dn * dn - 3 * dn + 3) * s.bS1 - dn * s.bS2 + 3 * s.B0 * s.B0;
    const double b1 = -((dn * dn - dn) * s.bS1 - 2 * dn * s.bS2 + 6 * s.B0 * s.B0);
    const double bb2 = -(2 * dn * s.bS1 - (dn + 3) * s.bS2 + 6 * s.B0 * s.B0);
    const double b3 = 4 * (dn - 1) * s.bS1 - 2 * (dn + 1) * s.bS2 + 8 * s.B0 * s.B0;
    const double b4 = s.bS1 - s.bS2 + s.B0 * s.B0;
    const double eg2 = (b0 * sumx2 * sumx2 + b1 * sumx4 + bb2 * sumx * sumx * sumx2 +
                        b3 * sumx * sumx3 + b4 * std::pow(sumx, 4)) /
                       (den * den * dn * (dn - 1) * (dn - 2) * (dn - 3));
    g.g_var = eg2 - g.g_e * g.g_e;
    g.g_z = g.g_var > 0 ? (g.g - g.g_e) / std::sqrt(g.g_var) : std::nan("");
    g.g_p = two_sided_p(g.g_z);
  }
  return g;
}
}  // namespace

GlobalResult global_stats(const Neighbours& nb, const std::vector<double>& x, Style style) {
  // Any weights, symmetric or not: visit every listed pair; `back` finds the reverse weight.
  const std::size_t n = x.size();
  if (n < 4) return {};
  const double xbar = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(n);
  auto weight = [&](std::size_t i) {
    const auto c = static_cast<double>(nb.count(i));
    return style == Style::Row ? (c > 0 ? 1.0 / c : 0.0) : 1.0;
  };
  auto back = [&](std::size_t j, std::size_t i) {
    const auto b = nb.index.begin() + nb.start[j], e = nb.index.begin() + nb.start[j + 1];
    return std::binary_search(b, e, static_cast<std::int32_t>(i));
  };
  std::vector<double> wrow(n, 0.0), wcol(n, 0.0), brow(n, 0.0), bcol(n, 0.0);
  GlobalSums s;
  for (std::size_t i = 0; i < n; ++i) {
    const double wij = weight(i);
    for (std::int64_t k = nb.start[i]; k < nb.start[i + 1]; ++k) {
      const auto j = static_cast<std::size_t>(nb.index[static_cast<std::size_t>(k)]);
      const bool has_back = back(j, i);
      const double wji = has_back ? weight(j) : 0.0;
      s.S0 += wij;
      wrow[i] += wij;
      wcol[j] += wij;
      s.cross += wij * (x[i] - xbar) * (x[j] - xbar);
      // S1 = 1/2 sum over ordered pairs (w_ij + w_ji)^2: a pair listed one way only is
      // visited once but stands for both orders.
      s.S1 += (wij + wji) * (wij + wji) * (has_back ? 0.5 : 1.0);
      s.B0 += 1;
      brow[i] += 1;
      bcol[j] += 1;
      s.bS1 += (has_back ? 4.0 : 1.0) * (has_back ? 0.5 : 1.0);
      s.gnum += x[i] * x[j];
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    s.S2 += (wrow[i] + wcol[i]) * (wrow[i] + wcol[i]);
    s.bS2 += (brow[i] + bcol[i]) * (brow[i] + bcol[i]);
  }
  return global_from_sums(s, x);
}

GlobalResult global_stats(const Units& u, const std::vector<double>& x, const WeightsSpec& w,
                          unsigned threads) {
  if (w.kind == WeightKind::Knn) return global_stats(neighbours(u, w), x, w.style);  // asymmetric
  // Distance bands and contiguity are symmetric: j lists i whenever i lists j, so every sum
  // collapses to per-unit neighbour sums (gathered in parallel, added up in unit order).
  const std::size_t n = x.size();
  if (n < 4) return {};
  const Adjacency adj(u, w);
  const double xbar = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(n);
  std::vector<double> cnt(n), sz(n), sx(n), wt(n), sw(n), sw2(n);
  const std::vector<double> px = adj.prefix(&x), pc = adj.prefix(nullptr);
  parallel_for(n, threads, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t i = lo; i < hi; ++i) {
      double c = 0, a = 0, b = 0;
      if (adj.has_spans()) {
        c = adj.neighbour_sum(i, pc, 1.0);
        b = adj.neighbour_sum(i, px, x[i]);
        a = b - c * xbar;
      } else {
        adj.for_each(i, [&](std::size_t j) {
          c += 1;
          a += x[j] - xbar;
          b += x[j];
        });
      }
      cnt[i] = c;
      sz[i] = a;
      sx[i] = b;
      wt[i] = w.style == Style::Row ? (c > 0 ? 1.0 / c : 0.0) : 1.0;
    }
  });
  if (w.style == Style::Row) {
    std::vector<double> wt2(n);
    for (std::size_t i = 0; i < n; ++i) wt2[i] = wt[i] * wt[i];
    const std::vector<double> pw = adj.prefix(&wt), pw2 = adj.prefix(&wt2);
    parallel_for(n, threads, [&](std::size_t lo, std::size_t hi) {
      for (std::size_t i = lo; i < hi; ++i) {
        double a = 0, b = 0;
        if (adj.has_spans()) {
          a = adj.neighbour_sum(i, pw, wt[i]);
          b = adj.neighbour_sum(i, pw2, wt2[i]);
        } else {
          adj.for_each(i, [&](std::size_t j) {
            a += wt[j];
            b += wt[j] * wt[j];
          });
        }
        sw[i] = a;
        sw2[i] = b;
      }
    });
  } else {
    sw = cnt;
    sw2 = cnt;
  }
  GlobalSums s;
  for (std::size_t i = 0; i < n; ++i) {
    const double wi = wt[i];
    s.S0 += cnt[i] * wi;
    s.cross += wi * (x[i] - xbar) * sz[i];
    s.S1 += 0.5 * (cnt[i] * wi * wi + 2 * wi * sw[i] + sw2[i]);  // sum over j of (w_i + w_j)^2 / 2
    s.S2 += (cnt[i] * wi + sw[i]) * (cnt[i] * wi + sw[i]);       // row sum + column sum
    s.B0 += cnt[i];
    s.bS2 += 4 * cnt[i] * cnt[i];
    s.gnum += x[i] * sx[i];
  }
  s.bS1 = 2 * s.B0;
  return global_from_sums(s, x);
}

DistanceChoice choose_distance(const Units& u, const std::vector<double>& x, RunContext& ctx) {
  DistanceChoice out;
  const std::size_t n = u.size();
  WeightsSpec nn;
  nn.kind = WeightKind::Knn;
  nn.k = 1;
  const Neighbours one = neighbours(u, nn);
  double max_nn = 0, mean_nn = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (one.count(i) == 0) continue;
    const auto j = static_cast<std::size_t>(one.index[static_cast<std::size_t>(one.start[i])]);
    const double d = std::hypot(u.x[j] - u.x[i], u.y[j] - u.y[i]);
    max_nn = std::max(max_nn, d);
    mean_nn += d;
  }
  mean_nn /= static_cast<double>(n);
  std::vector<double> zs;
  for (int b = 0; b < 10; ++b) {
    WeightsSpec w;
    w.kind = WeightKind::Distance;
    w.distance_m = max_nn + b * mean_nn;
    const GlobalResult g = global_stats(u, x, w, ctx.thread_count());
    out.profile.emplace_back(w.distance_m, g.moran_z);
    zs.push_back(g.moran_z);
    if (b >= 2 && zs[static_cast<std::size_t>(b - 1)] > zs[static_cast<std::size_t>(b - 2)] &&
        zs[static_cast<std::size_t>(b - 1)] > zs[static_cast<std::size_t>(b)]) {
      out.distance_m = out.profile[static_cast<std::size_t>(b - 1)].first;
      out.how = fmt::format(
          "first peak of global Moran's I z-score ({:.2f}) over distance bands from {:.0f} m in "
          "steps of {:.0f} m",
          zs[static_cast<std::size_t>(b - 1)], max_nn, mean_nn);
      ctx.debug("incremental spatial autocorrelation: peak at {} m", out.distance_m);
      return out;
    }
  }
  WeightsSpec k8;
  k8.kind = WeightKind::Knn;
  k8.k = 8;
  const Neighbours nb8 = neighbours(u, k8);
  double sum = 0;
  std::size_t cnt = 0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::int64_t k = nb8.start[i]; k < nb8.start[i + 1]; ++k) {
      const auto j = static_cast<std::size_t>(nb8.index[static_cast<std::size_t>(k)]);
      sum += std::hypot(u.x[j] - u.x[i], u.y[j] - u.y[i]);
      ++cnt;
    }
  out.distance_m = cnt ? sum / static_cast<double>(cnt) : max_nn;
  out.how =
      "no peak of global Moran's I z-score in ten distance bands: the mean distance to the 8 "
      "nearest neighbours";
  return out;
}

}  // namespace hotspot::stats
