#pragma once
// Batch scoring of locations (stage `score.locations`).
//
// Per location: incidents within `radius_m` of a point (a point exactly at the radius
// counts), or inside a polygon grown by `buffer_m` (its boundary counts; holes do not);
// per category; in the window (at - window, at] and the one before it; the trend between
// the two; and a composite score
//     score = sum over the incidents counted of  weight(category) * 0.5^(age_days / half_life_days)
// with age = at - time (incidents after `at` are left out; incidents without a time count
// with factor 1). The rank orders scores descending; ties keep input order.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hotspot/core/incidents.hpp"
#include "hotspot/core/run_context.hpp"
#include "hotspot/geom/table.hpp"

namespace hotspot::score {

struct ScoreConfig {
  double radius_m = 250;
  double buffer_m = 0;
  std::int64_t window_s = 365LL * 86400;
  std::optional<std::int64_t> at;  ///< local seconds; default: the newest incident
  double half_life_days = 365;
  std::map<std::string, double> weights;  ///< per category; others get default_weight
  double default_weight = 1.0;
  void validate() const;  ///< @throws Error(Usage)
};

/// "365d", "52w", "12m" (30.44 days), "1y" (365 days) -> seconds. @throws Error(Usage)
std::int64_t parse_window(const std::string& s);

/// Read a TOML file with a [score] table: half_life_days, default_weight, radius_m,
/// buffer_m, window, and a [score.weights] table of category = weight. Unknown keys are
/// errors naming the key and the line. @throws Error
void load_score_config(const std::string& path, ScoreConfig& cfg);

struct LocationScore {
  std::vector<std::int64_t> by_category;  ///< per category id
  std::int64_t total = 0, window = 0, prev_window = 0;
  double trend = 0, trend_p = 1, score = 0;
  int top_category = -1;
};

/// Score every location (a row of `locations`, geometry in the working CRS). Multithreaded;
/// the result does not depend on the thread count.
std::vector<LocationScore> score_locations(const std::vector<GeometryPtr>& locations,
                                           const IncidentTable& inc, const ScoreConfig& cfg,
                                           std::int64_t at, RunContext& ctx);

/// Ranks 1..n by score descending, ties by input order.
std::vector<std::int64_t> ranks(const std::vector<LocationScore>& s);

/// Exact two-sided test that two Poisson counts over equal exposure have the same rate
/// (conditional binomial: a ~ Bin(a + b, 1/2)).
double poisson_trend_p(std::int64_t a, std::int64_t b);

}  // namespace hotspot::score

namespace hotspot::score {

/// For each location, the nearest of `places` (index, distance in metres; 0 inside).
/// Multithreaded, GEOS distance.
std::vector<std::pair<std::int32_t, double>> nearest_places(const std::vector<GeometryPtr>& locs,
                                                            const std::vector<GeometryPtr>& places,
                                                            RunContext& ctx);

}  // namespace hotspot::score
