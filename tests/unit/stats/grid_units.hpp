#pragma once
// Units of a regular grid for the statistics tests: every cell a unit, in cell_id order.
#include "hotspot/core/grid.hpp"
#include "hotspot/stats/stats.hpp"

namespace test {
inline hotspot::stats::Units grid_units(std::int64_t nc, std::int64_t nr, double c) {
  hotspot::stats::Units u;
  const hotspot::Grid g =
      hotspot::Grid::from_extent(0, 0, static_cast<double>(nc) * c, static_cast<double>(nr) * c, c);
  u.grid = g;
  for (std::int64_t k = 0; k < g.size(); ++k) {
    u.unit_of.push_back(static_cast<std::int32_t>(k));
    u.cell.push_back(k);
    u.x.push_back(g.cx(k % nc));
    u.y.push_back(g.cy(k / nc));
  }
  return u;
}
}  // namespace test
