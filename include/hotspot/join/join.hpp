#pragma once
// The spatial join (stage `join.count`): incidents to the areas of one layer, counted per
// area and category, optionally per year or month, with density per km2 and the rate per
// 1,000 residents where the layer has a population column.
#include <cstdint>
#include <string>
#include <vector>

#include "hotspot/core/incidents.hpp"
#include "hotspot/core/run_context.hpp"
#include "hotspot/geom/table.hpp"

namespace hotspot::join {

enum class Period { None, Year, Month };

struct JoinConfig {
  Period by = Period::None;
  std::string population_col;  ///< empty = auto-detect (aantal_inwoners, population, inwoners ...);
                               ///< "-" = none
  bool keep_assignment = false;  ///< fill JoinResult::first_area
};

struct JoinResult {
  std::vector<std::vector<std::int64_t>> by_category;  ///< [area][category id]
  std::vector<std::int64_t> total;                     ///< [area]
  std::vector<std::string> periods;                    ///< sorted period labels ("2019", "2019_03")
  std::vector<std::vector<std::int64_t>> by_period;    ///< [area][period index]
  std::uint64_t joined = 0;                            ///< incidents in at least one area
  std::uint64_t outside = 0;                           ///< incidents in none
  std::vector<std::int32_t> first_area;  ///< per incident, -1 = outside (when asked for)
};

/// Count incidents per area. Multithreaded; the result does not depend on the thread count.
JoinResult join_points(const IncidentTable& incidents, const AreaLayer& areas,
                       const JoinConfig& cfg, RunContext& ctx);

/// The output table: the area's attributes, area_km2, n_incidents, n_<category>,
/// n_<period> (with --by), density_km2, and rate_per_1000 when population is known.
Table counts_table(const AreaLayer& areas, const IncidentTable& incidents, const JoinResult& r,
                   const JoinConfig& cfg, RunContext& ctx);

/// Period label of a local timestamp; "unknown" for kNoTime.
std::string period_label(std::int64_t t, Period p);

}  // namespace hotspot::join
