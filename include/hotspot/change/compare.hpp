#pragma once
// This year against last (stage `change.compare`, issue 17): per area the incidents of two
// periods, their change, and whether it is more than chance.
//
// Test: two Poisson counts with equal exposure, conditional on their sum (R's
// `poisson.test(c(n_b, n_a))`, which is `binom.test(n_b, n_a + n_b, 0.5)`): given
// n = n_a + n_b, n_b ~ Bin(n, 1/2) under "no change"; two-sided, and the binomial with p = 1/2
// is symmetric, so p = min(1, 2 P(X >= max(n_a, n_b))), and p = 1 when n_a = n_b (0/0 too).
// Over the areas of a layer p is adjusted by Benjamini-Hochberg (R's p.adjust(p, "BH")); the
// class is `increase` or `decrease` (the sign of n_b - n_a) where p_fdr < alpha, else
// `no_change`.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hotspot/core/incidents.hpp"
#include "hotspot/core/run_context.hpp"
#include "hotspot/geom/table.hpp"
#include "hotspot/stats/stats.hpp"

namespace hotspot::change {

/// A period [from, to) in local seconds, from "2022", "2022-03" or "2022-01-01..2022-06-30"
/// (inclusive end). @throws Error(Usage) naming `option`.
struct Period {
  std::int64_t from = 0, to = 0;
  std::string label;
};
Period parse_period(const std::string& s, const std::string& option);

/// The two-sided exact p-value described above (shared with score's trend test).
using stats::poisson_equal_exposure_p;

struct CompareConfig {
  Period a, b;
  double alpha = 0.05;
  void validate() const;  ///< @throws Error(Usage)
};

struct AreaChange {
  bool known = true;  ///< false: a figure was suppressed (open data); written empty, left out of BH
  std::int64_t n_a = 0, n_b = 0;
  double p = 1, p_fdr = 1;
  std::string cls;  ///< increase, decrease, no_change
};

struct CategoryChange {
  std::string category;  ///< a category key, or "all"
  std::int64_t n_a = 0, n_b = 0;
  double p = 1;
  std::vector<std::string> increase, decrease;  ///< areas (by name) significant for this category
};

struct CompareResult {
  std::vector<AreaChange> areas;
  std::vector<CategoryChange> categories;  ///< "all" first, then the categories by key
  std::uint64_t in_a = 0, in_b = 0;        ///< incidents of each period inside any area
};

/// `area_name_col`: the attribute that names areas in the per-category lists (-1: row number).
CompareResult compare(const IncidentTable& inc, const AreaLayer& areas, const CompareConfig& cfg,
                      int area_name_col, RunContext& ctx);

/// The same from two counts per area that the layer carries itself (e.g. `hotspot opendata`'s
/// m_0_0_0_2022 and m_0_0_0_2023); nullopt = suppressed. @throws Error(InputFormat) for a
/// value that is not a count (negative or not whole).
CompareResult compare_values(const std::vector<std::optional<double>>& a,
                             const std::vector<std::optional<double>>& b, double alpha);

/// The area's attributes, then n_a, n_b, change, change_pct, p, p_fdr, class.
Table compare_table(const AreaLayer& areas, const CompareResult& r);

/// The report's sentence for a category: "woninginbraak 845 -> 744 (-12.0 %, p = 0.012);
/// significant decrease in Centrum".
std::string sentence(const CategoryChange& c, const Period& a, const Period& b);

}  // namespace hotspot::change
