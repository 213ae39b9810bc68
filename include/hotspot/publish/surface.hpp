#pragma once
// Published density surfaces (issue 15): a raster must not locate single incidents. Fitting a
// kernel to an isolated peak gives its incident back to the millimetre, and rounding, noise,
// larger cells or blanking low values do not stop that. So the published surface is built so
// that no peak belongs to one incident:
//   - adaptive bandwidth: each incident's kernel is at least as wide as the distance to its
//     (k-1)-th nearest other incident, so at least k incidents lie under it (at most 4 h; an
//     incident with fewer than k-1 others within 4 h gets the widest kernel);
//   - cells reached by fewer than k kernels are 0 (and so are cells with no incidents: the two
//     look alike, and adding an incident never masks a cell);
//   - values are rounded to 2 significant digits;
//   - the bandwidth is at least max(100 m, 3 cells) (min_publication_bandwidth_m).
// The exact surface (the one that agrees with spatstat and GRASS) is written with --internal.
#include <cstdint>
#include <vector>

#include "hotspot/core/grid.hpp"
#include "hotspot/core/run_context.hpp"
#include "hotspot/density/kde.hpp"

namespace hotspot::publish {

struct SurfaceReport {
  std::size_t widened = 0;       ///< incidents whose kernel was widened
  std::size_t isolated = 0;      ///< incidents with fewer than k-1 others within 4 h
  std::size_t masked_cells = 0;  ///< cells with density but fewer than k kernels
};

/// The smallest bandwidth a published surface may have for `cell_m` cells.
double min_publication_bandwidth_m(double cell_m);

/// @throws Error(Usage) naming --bandwidth-m below min_publication_bandwidth_m.
void check_publication_bandwidth(double bandwidth_m, double cell_m);

/// The published density (per m2, cell_id order) of `p` on `grid`, in place of the exact one:
/// see above. `used` is the method of the engine's KDE for the kernels of bandwidth h.
density::Surface published_density(const density::Points& p, const Grid& grid,
                                   const density::KdeConfig& kc, int k, SurfaceReport& report,
                                   RunContext& ctx);

}  // namespace hotspot::publish
