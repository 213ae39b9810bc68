#include "hotspot/change/emerging.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>
#include <ogr_geometry.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/timeutil.hpp"
#include "hotspot/stats/stats.hpp"

namespace hotspot::change {

void EmergingConfig::validate() const {
  if (!(grid_m > 0) || !std::isfinite(grid_m))
    throw Error(ErrorCode::Usage, fmt::format("--grid-m {} is not a cell size in metres", grid_m),
                {"", "", "--grid-m"}, "e.g. --grid-m 250");
  if (!(neighbourhood_m >= 0) || !std::isfinite(neighbourhood_m) ||
      (neighbourhood_m > 0 && neighbourhood_m < grid_m))
    throw Error(ErrorCode::Usage,
                fmt::format("--neighbourhood-m {} reaches no neighbouring cell of {} m",
                            neighbourhood_m, grid_m),
                {"", "", "--neighbourhood-m"},
                "give at least one cell, e.g. --neighbourhood-m 500, or leave it out");
  if (time_steps < 0 || time_steps > 100)
    throw Error(ErrorCode::Usage, fmt::format("--time-steps {} is not 0 to 100", time_steps),
                {"", "", "--time-steps"}, "e.g. --time-steps 1");
  if (!(alpha > 0 && alpha < 1))
    throw Error(ErrorCode::Usage, "--alpha must lie between 0 and 1", {"", "", "--alpha"},
                "e.g. --alpha 0.05");
}

Trend mann_kendall(const std::vector<double>& x) {
  Trend t;
  const std::size_t n = x.size();
  if (n < 2) return t;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) t.s += (x[j] > x[i]) - (x[j] < x[i]);
  std::map<double, int> ties;
  for (double v : x) ++ties[v];
  const double dn = static_cast<double>(n);
  double var = dn * (dn - 1) * (2 * dn + 5);
  for (const auto& [v, c] : ties) var -= static_cast<double>(c) * (c - 1) * (2.0 * c + 5);
  t.var = var / 18;
  if (t.var <= 0 || t.s == 0) return t;
  t.z = (t.s - (t.s > 0 ? 1 : -1)) / std::sqrt(t.var);
  t.p = stats::two_sided_p(t.z);
  return t;
}

std::string classify_pattern(const std::vector<BinState>& st, const Trend& trend, double alpha) {
  const std::size_t n = st.size();
  if (n == 0) return "no_pattern";
  for (const BinState want : {BinState::Hot, BinState::Cold}) {
    const std::string kind = want == BinState::Hot ? "hot" : "cold";
    const BinState other = want == BinState::Hot ? BinState::Cold : BinState::Hot;
    const auto count = static_cast<std::size_t>(std::count(st.begin(), st.end(), want));
    const bool last = st.back() == want;
    const bool ninety = 10 * count >= 9 * n;  // at least 90 % of the bins
    const bool up = trend.p < alpha && trend.z > 0, down = trend.p < alpha && trend.z < 0;
    const bool stronger = want == BinState::Hot ? up : down;  // hot: z rising; cold: z falling
    const bool weaker = want == BinState::Hot ? down : up;
    std::size_t run = 0;  // the run of `want` that ends at the last bin
    while (run < n && st[n - 1 - run] == want) ++run;
    if (last && count == 1) return "new_" + kind + "_spot";
    if (last && run >= 2 && count == run && !ninety) return "consecutive_" + kind + "_spot";
    if (ninety && last && stronger) return "intensifying_" + kind + "_spot";
    if (ninety && last && weaker) return "diminishing_" + kind + "_spot";
    if (ninety && !last) return "historical_" + kind + "_spot";
    if (ninety && trend.p >= alpha) return "persistent_" + kind + "_spot";
    const bool ever_other = std::find(st.begin(), st.end(), other) != st.end();
    if (last && !ninety && !ever_other) return "sporadic_" + kind + "_spot";
    if (last && !ninety && ever_other) return "oscillating_" + kind + "_spot";
  }
  return "no_pattern";
}

EmergingResult emerging(const IncidentTable& inc, const Grid& grid,
                        const std::vector<std::uint8_t>* mask, const EmergingConfig& cfg,
                        RunContext& ctx) {
  cfg.validate();
  if (!inc.has_time)
    throw Error(ErrorCode::InputFormat,
                "emerging hot spots need timestamps, and the incidents have no time column",
                {"", "", "--time-col"}, "name the column with the date and time with --time-col");
  EmergingResult r;
  r.grid = grid;
  std::vector<std::int32_t> unit_of(static_cast<std::size_t>(grid.size()), -1);
  for (std::int64_t c = 0; c < grid.size(); ++c)
    if (!mask || (*mask)[static_cast<std::size_t>(c)]) {
      unit_of[static_cast<std::size_t>(c)] = static_cast<std::int32_t>(r.cells.size());
      r.cells.push_back(c);
    }
  std::int64_t k0 = INT64_MAX, k1 = INT64_MIN;
  for (auto t : inc.time)
    if (t != kNoTime)
      k0 = std::min(k0, bin_key(t, cfg.bin)), k1 = std::max(k1, bin_key(t, cfg.bin));
  if (k0 > k1)
    throw Error(ErrorCode::EmptyInput, "no incident has a timestamp", {},
                "check --time-col and the filters");
  const std::size_t U = r.cells.size(), B = static_cast<std::size_t>(k1 - k0 + 1);
  if (U < 3 || B < 2)
    throw Error(
        ErrorCode::EmptyInput,
        fmt::format("{} cells and {} time bins: at least 3 cells and 2 bins are needed", U, B), {},
        "use a larger area, smaller cells, or a smaller --bin");
  if (static_cast<double>(U) * static_cast<double>(B) * 48 >
      static_cast<double>(ctx.memory_budget()))
    throw Error(ErrorCode::Resource,
                fmt::format("a cube of {} cells x {} bins is too large for memory", U, B),
                {"", "", "--grid-m"}, "use larger cells or a larger --bin");
  for (std::size_t b = 0; b < B; ++b)
    r.bins.push_back(bin_label(k0 + static_cast<std::int64_t>(b), cfg.bin));
  r.counts.assign(U, std::vector<double>(B, 0.0));
  for (std::size_t i = 0; i < inc.size(); ++i) {
    if (inc.time[i] == kNoTime) continue;
    const auto cell = grid.cell_of(inc.x[i], inc.y[i]);
    if (!cell || unit_of[static_cast<std::size_t>(*cell)] < 0) continue;
    r.counts[static_cast<std::size_t>(unit_of[static_cast<std::size_t>(*cell)])]
            [static_cast<std::size_t>(bin_key(inc.time[i], cfg.bin) - k0)] += inc.weight[i];
  }
  // Spatial neighbours (self included) from the stencil of the band.
  const double d = cfg.neighbourhood_m > 0 ? cfg.neighbourhood_m : 1.5 * grid.cell_m;
  const auto reach = static_cast<std::int64_t>(
      std::min(std::floor(d / grid.cell_m), static_cast<double>(std::max(grid.ncols, grid.nrows))));
  std::vector<std::vector<std::int32_t>> nb(U);
  const double dd = d * d * (1 + 1e-12);
  for (std::size_t u = 0; u < U; ++u) {
    const std::int64_t col = r.cells[u] % grid.ncols, row = r.cells[u] / grid.ncols;
    for (std::int64_t dr = -reach; dr <= reach; ++dr)
      for (std::int64_t dc = -reach; dc <= reach; ++dc) {
        const std::int64_t c2 = col + dc, r2 = row + dr;
        if (c2 < 0 || r2 < 0 || c2 >= grid.ncols || r2 >= grid.nrows) continue;
        const double ex = static_cast<double>(dc) * grid.cell_m,
                     ey = static_cast<double>(dr) * grid.cell_m;
        if (ex * ex + ey * ey > dd) continue;
        const std::int32_t v = unit_of[static_cast<std::size_t>(r2 * grid.ncols + c2)];
        if (v >= 0) nb[u].push_back(v);
      }
  }
  // Gi* over the whole cube's mean and variance.
  const double N = static_cast<double>(U) * static_cast<double>(B);
  double sum = 0, ss = 0;
  for (const auto& row : r.counts)
    for (double v : row) sum += v;
  const double xbar = sum / N;
  for (const auto& row : r.counts)
    for (double v : row) ss += (v - xbar) * (v - xbar);
  const double s = std::sqrt(ss / N);
  if (!(s > 0))
    throw Error(ErrorCode::EmptyInput,
                "every cell has the same count in every bin: there is no pattern to find", {},
                "check the filters and the study area");
  r.z.assign(U, std::vector<double>(B, 0.0));
  std::vector<std::vector<double>> p(B, std::vector<double>(U, 1.0));
  const auto K = static_cast<std::size_t>(cfg.time_steps);
  for (std::size_t u = 0; u < U; ++u)
    for (std::size_t t = 0; t < B; ++t) {
      double lag = 0, w = 0;
      for (std::size_t tau = t >= K ? t - K : 0; tau <= t; ++tau)
        for (std::int32_t v : nb[u]) {
          lag += r.counts[static_cast<std::size_t>(v)][tau];
          w += 1;
        }
      const double den = s * std::sqrt((N * w - w * w) / (N - 1));
      const double z = den > 0 ? (lag - xbar * w) / den : 0.0;
      r.z[u][t] = z;
      p[t][u] = stats::two_sided_p(z);
    }
  std::vector<std::vector<BinState>> state(U, std::vector<BinState>(B, BinState::None));
  for (std::size_t t = 0; t < B; ++t) {
    const auto q = stats::bh_adjust(p[t]);  // FDR over the cells of each bin
    for (std::size_t u = 0; u < U; ++u)
      if (q[u] < cfg.alpha) state[u][t] = r.z[u][t] > 0 ? BinState::Hot : BinState::Cold;
  }
  for (std::size_t u = 0; u < U; ++u) {
    r.trend.push_back(mann_kendall(r.z[u]));
    r.pattern.push_back(classify_pattern(state[u], r.trend.back(), cfg.alpha));
  }
  return r;
}

Table emerging_table(const EmergingResult& r, const std::string& crs) {
  Table t;
  t.crs = crs;
  t.fields = {{"cell_id", FieldType::Integer}, {"col", FieldType::Integer},
              {"row", FieldType::Integer},     {"x", FieldType::Real},
              {"y", FieldType::Real},          {"pattern", FieldType::String},
              {"trend_z", FieldType::Real},    {"trend_p", FieldType::Real}};
  for (const auto& b : r.bins) t.fields.push_back({"z_" + b, FieldType::Real});
  const Grid& g = r.grid;
  for (std::size_t u = 0; u < r.cells.size(); ++u) {
    const std::int64_t c = r.cells[u], col = c % g.ncols, row = c / g.ncols;
    std::vector<Value> v{
        Value(c),         Value(col),          Value(row),          Value(g.cx(col)),
        Value(g.cy(row)), Value(r.pattern[u]), Value(r.trend[u].z), Value(r.trend[u].p)};
    for (double z : r.z[u]) v.emplace_back(z);
    t.rows.push_back(std::move(v));
    auto ring = std::make_unique<OGRLinearRing>();
    const double x0 = g.xmin + static_cast<double>(col) * g.cell_m,
                 y0 = g.ymin + static_cast<double>(row) * g.cell_m;
    ring->addPoint(x0, y0);
    ring->addPoint(x0 + g.cell_m, y0);
    ring->addPoint(x0 + g.cell_m, y0 + g.cell_m);
    ring->addPoint(x0, y0 + g.cell_m);
    ring->addPoint(x0, y0);
    auto poly = std::make_unique<OGRPolygon>();
    poly->addRingDirectly(ring.release());
    t.geometries.emplace_back(poly.release());
  }
  return t;
}

}  // namespace hotspot::change
