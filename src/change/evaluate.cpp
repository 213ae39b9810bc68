#include "hotspot/change/evaluate.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include <fmt/format.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/timeutil.hpp"
#include "hotspot/density/kde.hpp"
#include "hotspot/stats/stats.hpp"

namespace hotspot::change {

void EvaluateConfig::validate() const {
  static const std::vector<std::string> known{"counts", "kde", "gistar", "score"};
  if (methods.empty())
    throw Error(ErrorCode::Usage, "no methods", {"", "", "--methods"},
                "e.g. --methods counts,kde,gistar,score");
  for (const auto& m : methods)
    if (std::find(known.begin(), known.end(), m) == known.end())
      throw Error(ErrorCode::Usage, fmt::format("--methods: '{}' is not a method", m),
                  {"", "", "--methods"}, "choose from counts, kde, gistar and score");
  if (coverage_pct.empty())
    throw Error(ErrorCode::Usage, "no coverage", {"", "", "--coverage"}, "e.g. --coverage 1,5,10");
  for (double c : coverage_pct)
    if (!(c > 0 && c <= 100))
      throw Error(ErrorCode::Usage,
                  fmt::format("--coverage {} is not a share of the area from 0 to 100 %", c),
                  {"", "", "--coverage"}, "e.g. --coverage 1,5,10");
}

EvaluateRow score_prediction(const std::vector<double>& predicted,
                             const std::vector<double>& actual, std::size_t k,
                             const std::vector<double>* previous) {
  const std::size_t n = predicted.size();
  k = std::clamp<std::size_t>(k, 1, n);
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  // Highest first; ties by unit (= cell_id) ascending.
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return predicted[a] > predicted[b]; });
  double hit = 0, total = 0;
  for (std::size_t i = 0; i < k; ++i) hit += actual[order[i]];
  for (double v : actual) total += v;
  std::vector<double> best(actual);
  std::partial_sort(best.begin(), best.begin() + static_cast<std::ptrdiff_t>(k), best.end(),
                    std::greater<>());
  const double hit_max =
      std::accumulate(best.begin(), best.begin() + static_cast<std::ptrdiff_t>(k), 0.0);
  EvaluateRow r;
  r.area_share = static_cast<double>(k) / static_cast<double>(n);
  r.hit_rate = total > 0 ? hit / total : 0;
  r.pai = r.hit_rate / r.area_share;
  r.pei = hit_max > 0 ? hit / hit_max : 0;
  r.rri = std::nan("");
  if (previous) {
    double hit_prev = 0, total_prev = 0;
    for (std::size_t i = 0; i < k; ++i) hit_prev += (*previous)[order[i]];
    for (double v : *previous) total_prev += v;
    if (hit_prev > 0 && total_prev > 0 && total > 0)
      r.rri = (hit / hit_prev) / (total / total_prev);
  }
  return r;
}

std::vector<EvaluateRow> evaluate(const IncidentTable& inc, const Grid& grid,
                                  const std::vector<std::uint8_t>* mask, const EvaluateConfig& cfg,
                                  RunContext& ctx) {
  cfg.validate();
  if (!inc.has_time)
    throw Error(ErrorCode::InputFormat,
                "a backtest needs timestamps, and the incidents have no time column",
                {"", "", "--time-col"}, "name the column with the date and time with --time-col");
  // Units: the study area's cells, in cell_id order.
  stats::Units u;
  u.grid = grid;
  u.unit_of.assign(static_cast<std::size_t>(grid.size()), -1);
  for (std::int64_t c = 0; c < grid.size(); ++c)
    if (!mask || (*mask)[static_cast<std::size_t>(c)]) {
      u.unit_of[static_cast<std::size_t>(c)] = static_cast<std::int32_t>(u.cell.size());
      u.cell.push_back(c);
      u.x.push_back(grid.cx(c % grid.ncols));
      u.y.push_back(grid.cy(c / grid.ncols));
    }
  std::vector<double> bandwidths = cfg.bandwidths_m;
  if (bandwidths.empty()) bandwidths = {grid.cell_m, 2 * grid.cell_m, 4 * grid.cell_m};
  for (double h : bandwidths)
    if (!(h >= grid.cell_m) || !std::isfinite(h))
      throw Error(ErrorCode::Usage,
                  fmt::format("--bandwidths-m {} is less than one {} m cell", h, grid.cell_m),
                  {"", "", "--bandwidths-m"}, "give bandwidths of at least one cell size");
  const std::size_t U = u.size();
  if (U < 3)
    throw Error(ErrorCode::EmptyInput, fmt::format("{} cells in the study area: too few", U), {},
                "use smaller cells");
  // Each incident's unit and period.
  std::vector<std::int32_t> unit(inc.size(), -1);
  std::vector<std::int64_t> key(inc.size(), 0);
  std::int64_t k0 = INT64_MAX, k1 = INT64_MIN;
  for (std::size_t i = 0; i < inc.size(); ++i) {
    if (inc.time[i] == kNoTime) continue;
    if (auto c = grid.cell_of(inc.x[i], inc.y[i]))
      unit[i] = u.unit_of[static_cast<std::size_t>(*c)];
    if (unit[i] < 0) continue;
    key[i] = bin_key(inc.time[i], cfg.by);
    k0 = std::min(k0, key[i]);
    k1 = std::max(k1, key[i]);
  }
  if (k0 >= k1)
    throw Error(ErrorCode::EmptyInput,
                "the incidents in the study area span fewer than two periods: nothing to predict",
                {}, "use a shorter --by period or more years of data");
  auto counts_of = [&](std::int64_t k) {
    std::vector<double> c(U, 0.0);
    for (std::size_t i = 0; i < inc.size(); ++i)
      if (unit[i] >= 0 && key[i] == k) c[static_cast<std::size_t>(unit[i])] += inc.weight[i];
    return c;
  };
  std::vector<EvaluateRow> rows;
  RunContext quiet;
  quiet.verbosity = Verbosity::Quiet;
  quiet.threads = ctx.threads;
  for (std::int64_t k = k0 + 1; k <= k1; ++k) {
    const std::vector<double> actual = counts_of(k), prev = counts_of(k - 1);
    if (std::accumulate(actual.begin(), actual.end(), 0.0) <= 0) continue;
    struct Prediction {
      std::string method, parameter;
      std::vector<double> value;
    };
    std::vector<Prediction> predictions;
    for (const auto& m : cfg.methods) {
      if (m == "counts") {
        predictions.push_back({m, "", prev});
      } else if (m == "kde") {
        std::vector<double> px, py, pw;
        for (std::size_t i = 0; i < inc.size(); ++i)
          if (unit[i] >= 0 && key[i] == k - 1)
            px.push_back(inc.x[i]), py.push_back(inc.y[i]), pw.push_back(inc.weight[i]);
        for (double h : bandwidths) {
          std::vector<double> v(U, 0.0);
          if (!px.empty()) {
            density::KdeConfig kc;
            kc.bandwidth_m = h;
            kc.method = density::Method::Exact;
            const auto s =
                density::kde({px.data(), py.data(), pw.data(), px.size()}, grid, kc, quiet);
            for (std::size_t j = 0; j < U; ++j)
              v[j] = s.density[static_cast<std::size_t>(u.cell[j])];
          }
          predictions.push_back({m, fmt::format("bandwidth_m={}", h), std::move(v)});
        }
      } else if (m == "gistar") {
        stats::WeightsSpec w;
        w.kind = stats::WeightKind::Distance;
        w.distance_m = 1.5 * grid.cell_m;
        std::vector<double> v(U, 0.0);
        try {
          v = stats::gi_star(u, prev, w, quiet).z;
        } catch (const Error& e) {
          if (e.code() != ErrorCode::EmptyInput)
            throw;  // a period without variation predicts nothing
        }
        predictions.push_back({m, fmt::format("distance_m={}", w.distance_m), std::move(v)});
      } else {  // score: every earlier incident within one cell of the centre, halved each 365 days
        const std::int64_t at = bin_start(k, cfg.by);
        const double r2 = grid.cell_m * grid.cell_m;
        std::vector<double> v(U, 0.0);
        for (std::size_t i = 0; i < inc.size(); ++i) {
          if (unit[i] < 0 || key[i] >= k) continue;
          const double decay = std::exp2(-static_cast<double>(at - inc.time[i]) / (365.0 * 86400));
          const std::int64_t c = u.cell[static_cast<std::size_t>(unit[i])], col = c % grid.ncols,
                             row = c / grid.ncols;
          for (std::int64_t dr = -1; dr <= 1; ++dr)
            for (std::int64_t dc = -1; dc <= 1; ++dc) {
              const std::int64_t c2 = col + dc, rw = row + dr;
              if (c2 < 0 || rw < 0 || c2 >= grid.ncols || rw >= grid.nrows) continue;
              const std::int32_t j = u.unit_of[static_cast<std::size_t>(rw * grid.ncols + c2)];
              if (j < 0) continue;
              const double dx = inc.x[i] - u.x[static_cast<std::size_t>(j)],
                           dy = inc.y[i] - u.y[static_cast<std::size_t>(j)];
              if (dx * dx + dy * dy <= r2) v[static_cast<std::size_t>(j)] += inc.weight[i] * decay;
            }
        }
        predictions.push_back({m, "half_life_days=365", std::move(v)});
      }
    }
    for (const auto& pr : predictions)
      for (double pct : cfg.coverage_pct) {
        const auto kcells = static_cast<std::size_t>(
            std::max(1.0, std::round(pct / 100.0 * static_cast<double>(U))));
        EvaluateRow r = score_prediction(pr.value, actual, kcells, &prev);
        r.method = pr.method;
        r.parameter = pr.parameter;
        r.period = bin_label(k, cfg.by);
        rows.push_back(std::move(r));
      }
  }
  if (rows.empty())
    throw Error(ErrorCode::EmptyInput, "no period after the first has incidents in the study area",
                {}, "check the filters");
  return rows;
}

std::string recommend(const std::vector<EvaluateRow>& rows, double coverage_pct) {
  std::map<std::pair<std::string, std::string>, std::pair<double, int>> pei, pai;
  for (const auto& r : rows) {
    auto& p = pei[{r.method, r.parameter}];
    auto& q = pai[{r.method, r.parameter}];
    if (std::fabs(r.area_share * 100 - coverage_pct) > 0.5 * coverage_pct) continue;
    p.first += r.pei;
    ++p.second;
    q.first += r.pai;
    ++q.second;
  }
  const std::pair<std::string, std::string>* best = nullptr;
  double best_v = -1;
  for (const auto& [k, v] : pei)
    if (v.second > 0 && v.first / v.second > best_v) {
      best_v = v.first / v.second;
      best = &k;
    }
  if (!best) return "no recommendation: no rows at that coverage";
  const auto& q = pai.at(*best);
  return fmt::format(
      "at {} % of the area, {}{} predicted the next period best: mean PEI {:.2f}, mean PAI {:.1f}",
      coverage_pct, best->first, best->second.empty() ? "" : " (" + best->second + ")", best_v,
      q.first / q.second);
}

}  // namespace hotspot::change
