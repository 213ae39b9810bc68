#pragma once
// Hotspot areas from a density surface (stage `density.hotspots`): the cells above a
// threshold, or the top P % of the cells inside the mask by value, grouped into
// 4-connected regions. Pure maths: polygons are made by io/raster.hpp.
#include <cstdint>
#include <optional>
#include <vector>

#include "hotspot/core/grid.hpp"

namespace hotspot::density {

struct HotspotConfig {
  std::optional<double> top_fraction;  ///< 0.05 for "--top 5%"
  std::optional<double> threshold;     ///< in the surface's units
};

struct HotspotRegions {
  std::vector<std::int32_t> label;  ///< per cell: region 0..n-1, or -1
  int n = 0;
  double threshold = 0;  ///< cells with value >= threshold (and > 0) are in
  std::int64_t cells_in_mask = 0;
  std::int64_t cells_selected = 0;
};

/// @throws Error(Usage) when neither or both criteria are given, or P is outside (0, 100] %.
HotspotRegions find_hotspots(const Grid& g, const std::vector<double>& values,
                             const std::vector<std::uint8_t>* mask, const HotspotConfig& cfg);

/// "5%" / "5" -> 0.05. @throws Error(Usage)
double parse_percent(const std::string& s);

}  // namespace hotspot::density
