#pragma once
// Kernel density estimation on a grid (stage `density.kde`). Pure maths: no I/O.
//
// Kernels, each normalised so that one incident of weight 1 contributes a total mass of 1
// (integral over the plane), with u = d / h and d the distance in metres:
//   quartic (biweight)  K(d) = 3 / (pi h^2) (1 - u^2)^2   for u <= 1   (QGIS, ArcGIS, GRASS)
//   epanechnikov        K(d) = 2 / (pi h^2) (1 - u^2)     for u <= 1
//   triangular (cone)   K(d) = 3 / (pi h^2) (1 - u)       for u <= 1
//   uniform (disc)      K(d) = 1 / (pi h^2)               for u <= 1
//   gaussian            K(d) = exp(-d^2 / (2 h^2)) / (2 pi h^2) / (1 - exp(-c^2 / 2))  for d <= c h
// For the Gaussian, h is the standard deviation and c the cut-off (default 4); dividing by
// the mass inside the cut-off keeps the total at 1 (c = 4 adds 0.034 %, c = 8 adds 1.3e-14).
// A point exactly at distance h (c h) still counts.
//
// Values are densities at cell centres. Two algorithms give one answer:
//   exact: for every incident, every cell centre within the support (row spans); the sum
//          at a cell is taken in incident order, whatever the thread count.
//   fast:  linear binning of the incidents onto the cell centres, then one FFT convolution
//          with the kernel sampled at cell offsets. The binning moves no mass; its error is
//          second order in cell/bandwidth: measured on clustered data (tests/unit/density)
//          as about 0.66 (c/h)^2 of the maximum for the quartic kernel, so 0.46 % at
//          h = 12 c, 0.26 % at h = 16 c, 0.07 % at h = 30 c. The uniform kernel's jump makes
//          binning inaccurate at any resolution (2.5 % at h = 30 c).
// `Method::Auto` takes the fast path only where it is accurate (`fast_is_accurate`: a smooth
// kernel and h >= 16 cells, sigma >= 8 cells for the gaussian, keeping the error under half
// of the 0.5 % budget) and cheaper than the exact one; the exact path otherwise, which is
// exactly where the exact path is cheap (few cells per kernel).
#include <cstdint>
#include <string>
#include <vector>

#include "hotspot/core/column.hpp"
#include "hotspot/core/grid.hpp"
#include "hotspot/core/run_context.hpp"

namespace hotspot::density {

enum class Kernel { Quartic, Epanechnikov, Triangular, Uniform, Gaussian };
enum class Method { Auto, Exact, Fast };

Kernel parse_kernel(const std::string& s);  ///< @throws Error(Usage)
const char* kernel_name(Kernel k);

struct KdeConfig {
  Kernel kernel = Kernel::Quartic;
  double bandwidth_m = 300;    ///< h; for gaussian the standard deviation
  double gaussian_cutoff = 4;  ///< support of the gaussian in multiples of h
  Method method = Method::Auto;
  void validate() const;  ///< @throws Error(Usage)
};

/// Support radius in metres (h, or c h for the gaussian).
double support_m(const KdeConfig& c);
/// K(d) in 1/m^2 for one incident of weight 1.
double kernel_value(const KdeConfig& c, double d_m);

struct Points {
  const double* x;
  const double* y;
  const double* w;  ///< nullptr = all 1
  std::size_t n;
};

struct Surface {
  Grid grid;
  Column<double> density;  ///< per m^2, cell_id order (row 0 south)
  Method used = Method::Exact;
};

/// True when the fast path's error stays well under 0.5 % of the maximum (see above).
bool fast_is_accurate(const KdeConfig& c, double cell_m);

/// A bandwidth that can draw a surface on `grid`: the kernel's support at least one cell
/// (else incidents fall between cell centres and vanish from the surface), and not both more
/// than ten times the grid's diagonal and wider than 50 km (else every cell gets the same
/// share of every incident: a flat surface). @throws Error(Usage) naming the bandwidth that would
/// work.
void check_bandwidth(const KdeConfig& c, const Grid& grid);

/// Bytes the computation needs for `grid` (to refuse a grid too large before starting).
std::uint64_t memory_needed(const Grid& grid, const KdeConfig& c, Method m);

/// Evaluate the KDE at every cell centre. @throws Error(Usage) for a bad config.
Surface kde(const Points& p, const Grid& grid, const KdeConfig& cfg, RunContext& ctx);

/// ArcGIS Pro's default search radius ("How Kernel Density works", the spatial variant of
/// Silverman's rule of thumb):
///   r = 0.9 * min(SD, sqrt(1 / ln 2) * Dm) * n^-0.2
/// SD: standard distance of the points about their (weighted) mean centre; Dm: (weighted)
/// median distance to that centre; n: the number of points, or the sum of weights.
double auto_bandwidth(const Points& p);

}  // namespace hotspot::density
