#pragma once
// Emerging hot spots (stage `change.emerging`, issue 17), as ArcGIS Pro's Emerging Hot Spot
// Analysis ("How Emerging Hot Spot Analysis works") and R sfdep's emerging_hotspot_analysis:
//
// 1. A space-time cube: the cells of a square grid (numbered as in `stats`: cell_id =
//    row * ncols + col, row 0 at the south; with a mask, the cells whose centre is inside) x
//    time bins (months, quarters or years, from the first incident's bin to the last's).
// 2. Gi* per cell and bin (self included, binary weights): the neighbours of (i, t) are the
//    cells whose centres are within D metres of i's (inclusive), in bin t and the K bins
//    before it. The mean and variance are those of the whole cube (ArcGIS's default):
//      z = (sum_j x_j - xbar W) / (s sqrt((N W - W^2) / (N - 1))),  s^2 = sum (x - xbar)^2 / N,
//    N = cells x bins, W = the number of neighbours (fewer for the first bins). A bin is hot
//    (cold) where z > 0 (< 0) and its Benjamini-Hochberg p over the cells of that bin is below
//    alpha.
// 3. The trend of each cell's z series: Mann-Kendall S = sum_{i<j} sign(z_j - z_i), the
//    variance corrected for ties, var S = (n(n-1)(2n+5) - sum_g t_g(t_g-1)(2t_g+5)) / 18,
//    z = (S - sign(S)) / sqrt(var S) (continuity correction), two-sided normal p.
// 4. The pattern of each cell, by these rules in this order (the first that holds):
//    new, consecutive, intensifying, diminishing, historical, persistent, sporadic,
//    oscillating (for hot spots; then the same for cold spots), else no_pattern. "90 %" means
//    at least 90 % of the bins; the trend is significant at the same alpha. See
//    classify_pattern below for each rule.
#include <cstdint>
#include <string>
#include <vector>

#include "hotspot/change/periods.hpp"
#include "hotspot/core/grid.hpp"
#include "hotspot/core/incidents.hpp"
#include "hotspot/core/run_context.hpp"
#include "hotspot/geom/table.hpp"

namespace hotspot::change {

struct EmergingConfig {
  double grid_m = 250;
  double neighbourhood_m = 0;  ///< 0 = one cell and a half (the 8 cells around)
  int time_steps = 1;          ///< K previous bins in the neighbourhood
  TimeBin bin = TimeBin::Year;
  double alpha = 0.05;
  void validate() const;  ///< @throws Error(Usage)
};

/// A bin's state for one cell.
enum class BinState : std::int8_t { Cold = -1, None = 0, Hot = 1 };

/// Mann-Kendall on a series (ties corrected, continuity corrected): z and two-sided p.
struct Trend {
  double s = 0, var = 0, z = 0, p = 1;
};
Trend mann_kendall(const std::vector<double>& series);

/// The pattern of a cell from its bin states (oldest first) and its trend. Hot rules (the
/// cold ones mirror them), in order:
/// - new_hot_spot: the last bin hot, no earlier bin hot.
/// - consecutive_hot_spot: the bins from the last backwards form one run of >= 2 hot bins,
///   no bin before the run hot, and fewer than 90 % of all bins hot.
/// - intensifying_hot_spot: >= 90 % hot, the last hot, trend up and significant.
/// - diminishing_hot_spot: >= 90 % hot, the last hot, trend down and significant.
/// - historical_hot_spot: >= 90 % hot, the last not hot.
/// - persistent_hot_spot: >= 90 % hot, no significant trend.
/// - sporadic_hot_spot: the last hot, < 90 % hot, never cold.
/// - oscillating_hot_spot: the last hot, < 90 % hot, some earlier bin cold.
/// Then the same with cold for hot and down for up; else no_pattern.
std::string classify_pattern(const std::vector<BinState>& states, const Trend& trend, double alpha);

struct EmergingResult {
  Grid grid;
  std::vector<std::int64_t> cells;     ///< cell_id of each unit
  std::vector<std::string> bins;       ///< "2021", "2021Q3", "2021-07"
  std::vector<std::vector<double>> z;  ///< [unit][bin]
  std::vector<std::vector<double>> counts;
  std::vector<Trend> trend;
  std::vector<std::string> pattern;
};

/// @throws Error(EmptyInput) without timed incidents or with fewer than 3 cells or 2 bins.
EmergingResult emerging(const IncidentTable& inc, const Grid& grid,
                        const std::vector<std::uint8_t>* mask, const EmergingConfig& cfg,
                        RunContext& ctx);

/// cell_id, col, row, x, y, pattern, trend_z, trend_p, z_<bin>...; square cell polygons.
Table emerging_table(const EmergingResult& r, const std::string& crs);

}  // namespace hotspot::change
