#pragma once
// Which method predicts (stage `change.evaluate`, issue 17): hot spots drawn from one period
// against the next period's incidents, on the analyst's own data.
//
// For each period p after the first, each method ranks the cells of the study area (the
// mask's cells, or the extent's) by a value computed from the incidents before p, ties broken
// by cell_id ascending; the top X % of the cells (at least one) are its hot spots. With N the
// incidents of period p in the study area, n those in the hot spots and n* the most that any
// set of as many cells holds:
//   hit_rate = n / N,  PAI = hit_rate / area_share (Chainey, Tompson & Uhlig 2008),
//   PEI = n / n* (Hunt 2016: PAI over the best PAI possible at that area),
//   RRI = (n / n_prev) / (N / N_prev) (Levine 2008), n_prev and N_prev the previous period's.
// The CSV's columns are method,parameter,period,area_share,hit_rate,pai,pei, then rri.
// Methods: `counts` (the previous period's count per cell), `kde` (the previous period's
// quartic density at each cell centre, per bandwidth: 1, 2 and 4 cell sizes unless given), `gistar`
// (the previous period's Gi* z with the 8 cells around), `score` (every earlier incident within one
// cell size of the centre, weighted 0.5^(age / 365 days) at the start of p).
#include <string>
#include <vector>

#include "hotspot/change/periods.hpp"
#include "hotspot/core/grid.hpp"
#include "hotspot/core/incidents.hpp"
#include "hotspot/core/run_context.hpp"

namespace hotspot::change {

struct EvaluateConfig {
  TimeBin by = TimeBin::Year;
  std::vector<std::string> methods{"counts", "kde", "gistar", "score"};
  std::vector<double> coverage_pct{1, 5, 10};
  std::vector<double> bandwidths_m;  ///< empty = 1, 2 and 4 cell sizes; each at least one cell
  void validate() const;             ///< @throws Error(Usage)
};

struct EvaluateRow {
  std::string method, parameter, period;
  double area_share = 0, hit_rate = 0, pai = 0, pei = 0;
  /// Recapture rate index (Levine 2008): (n in the hot spots now / then) / (N now / then);
  /// NaN when the hot spots held nothing in the previous period.
  double rri = 0;
};

/// The rows in order of period, method, parameter, coverage. @throws Error(EmptyInput) with
/// fewer than two periods or no incidents in the study area.
std::vector<EvaluateRow> evaluate(const IncidentTable& inc, const Grid& grid,
                                  const std::vector<std::uint8_t>* mask, const EvaluateConfig& cfg,
                                  RunContext& ctx);

/// Hit rate, PAI and PEI of the top `k` cells of `predicted` against `actual` (both per unit);
/// with `previous` (the counts of the period before) the RRI too.
EvaluateRow score_prediction(const std::vector<double>& predicted,
                             const std::vector<double>& actual, std::size_t k,
                             const std::vector<double>* previous = nullptr);

/// The recommendation: the method and parameter with the highest mean PEI at `coverage_pct`.
std::string recommend(const std::vector<EvaluateRow>& rows, double coverage_pct);

}  // namespace hotspot::change
