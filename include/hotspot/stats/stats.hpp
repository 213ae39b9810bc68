#pragma once
// Hotspot statistics (stages `stats.weights`, `stats.gi_star`, `stats.lisa`, `stats.global`).
// Pure maths: units come in as centres (+ for polygons, their contiguity), values as
// counts; no I/O.
//
// Conventions follow spdep (R), the peer the tests compare with (tests/reference/data):
//  * Gi* (Getis & Ord 1995, self included), with xbar = mean(x), s^2 = sum((x - xbar)^2)/n,
//    W_i = sum_j w_ij, S1_i = sum_j w_ij^2:
//      z_i = (sum_j w_ij x_j - W_i xbar) / sqrt(s^2 (n S1_i - W_i^2) / (n - 1))
//  * Local Moran's I (Anselin 1995), spdep localmoran defaults (conditional, mlvar): with
//    z_i = x_i - xbar, m2 = sum(z^2)/n, W_i = sum_j w_ij, W2_i = sum_j w_ij^2 (self excluded):
//      I_i = z_i / m2 * sum_j w_ij z_j
//      E_i = -z_i^2 W_i / ((n - 1) m2)
//      Var_i = (z_i / m2)^2 n / (n - 2) (W2_i - W_i^2 / (n - 1)) (m2 - z_i^2 / (n - 1))
//    (with row-standardised weights W_i = 1, which is the reference README's form)
//  * p-values are two-sided normal; BH is R's p.adjust(p, "BH").
//  * Permutation pseudo-p (conditional randomisation, as GeoDa and spdep): x_i stays, the
//    other n - 1 values are shuffled and |N_i| of them drawn as neighbours; p = (M + 1) /
//    (R + 1), M = permutations at least as extreme on the observed side. Each unit has its
//    own random stream seeded from (seed, unit), so results do not depend on the threads.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hotspot/core/grid.hpp"
#include "hotspot/core/run_context.hpp"

namespace hotspot::stats {

enum class WeightKind { Distance, Knn, Queen, Rook };
enum class Style { Binary, Row };

struct WeightsSpec {
  WeightKind kind = WeightKind::Distance;
  double distance_m = 0;  ///< Distance: centres within this (inclusive)
  int k = 8;              ///< Knn
  Style style = Style::Binary;
  bool auto_distance = false;  ///< chosen by the incremental search (optimized hot spots)
};

/// "distance:600", "knn:8", "queen", "rook". @throws Error(Usage)
WeightsSpec parse_weights(const std::string& s);
std::string describe(const WeightsSpec& w);

/// The spatial units: centres, and how to find neighbours.
struct Units {
  std::vector<double> x, y;  ///< centres, working CRS
  // Regular grids (square or hex): unit u is cell `cell[u]` of `grid`; cells not in the
  // study area are not units (unit_of[cell] = -1).
  std::optional<Grid> grid;
  bool hex = false;
  std::vector<std::int64_t> cell;
  std::vector<std::int32_t> unit_of;
  // Polygons: contiguity from shared vertices (queen) or shared edges (rook), filled by the
  // caller (io) from the geometries: for each unit, its neighbours, ascending.
  std::vector<std::vector<std::int32_t>> queen, rook;

  std::size_t size() const noexcept { return x.size(); }
};

/// Sparse neighbour lists in CSR form (self not included), before styling.
struct Neighbours {
  std::vector<std::int64_t> start;  ///< size n + 1
  std::vector<std::int32_t> index;
  std::size_t count(std::size_t i) const {
    return static_cast<std::size_t>(start[i + 1] - start[i]);
  }
};

/// Neighbour lists for the spec. For a square grid with a distance band this is not needed
/// (gi_star uses the stencil directly) but works for any size that fits in memory.
/// @throws Error(Usage) when the spec does not suit the units (queen on points ...).
Neighbours neighbours(const Units& u, const WeightsSpec& w);

/// Refuse weights that cannot give an answer before any neighbour is listed:
/// - every unit a neighbour of every other (a distance band at least as long as the units'
///   extent, or k >= n - 1 nearest neighbours): Gi*'s variance term n S1 - W^2 is then 0 and
///   every z is 0/0; Error(Usage).
/// - neighbour lists (or a grid stencil) estimated to need more than `budget_bytes`:
///   Error(Resource), with the estimate.
void check_weights(const Units& u, const WeightsSpec& w, std::uint64_t budget_bytes);

struct GiResult {
  std::vector<double> z, p, p_fdr;
  std::vector<int> cls, cls_fdr;      ///< -3..3 (99/95/90 % cold .. hot), 0 not significant
  std::vector<std::int32_t> n_neigh;  ///< members including self
};

/// Getis-Ord Gi* with self included. @throws Error(EmptyInput) for fewer than 3 units or
/// zero variance.
GiResult gi_star(const Units& u, const std::vector<double>& x, const WeightsSpec& w,
                 RunContext& ctx);

struct LisaResult {
  std::vector<double> i, e, var, z, p, p_perm;  ///< NaN where undefined (no neighbours)
  std::vector<std::string> cluster;             ///< HH, LL, HL, LH or ns
  std::vector<std::int32_t> n_neigh;
  std::size_t no_neighbours = 0;
};

struct LisaConfig {
  int permutations = 999;  ///< 0 = none
  std::uint64_t seed = 12345;
  double alpha = 0.05;  ///< significance for the cluster type
};

LisaResult local_moran(const Units& u, const std::vector<double>& x, const WeightsSpec& w,
                       const LisaConfig& cfg, RunContext& ctx);

struct GlobalResult {
  double moran_i = 0, moran_e = 0, moran_var = 0, moran_z = 0,
         moran_p = 1;                                  ///< randomisation assumption
  double g = 0, g_e = 0, g_var = 0, g_z = 0, g_p = 1;  ///< General G (binary weights)
};

/// Global Moran's I (spdep moran.test, randomisation) and General G (Getis & Ord 1992,
/// spdep globalG.test) over the neighbour lists (self excluded).
GlobalResult global_stats(const Neighbours& nb, const std::vector<double>& x, Style style);
/// The same over the units' own adjacency for `w` (no neighbour lists for a square grid's
/// distance band or contiguity; symmetric weights need no reverse look-ups).
GlobalResult global_stats(const Units& u, const std::vector<double>& x, const WeightsSpec& w,
                          unsigned threads = 1);

/// Optimized hot spots: the distance band at the first peak of global Moran's I z over ten
/// bands, starting at the smallest distance that gives every unit a neighbour, in steps of
/// the mean nearest-neighbour distance (ArcGIS "Incremental Spatial Autocorrelation");
/// without a peak, the mean distance to the 8 nearest neighbours.
struct DistanceChoice {
  double distance_m;
  std::string how;
  std::vector<std::pair<double, double>> profile;  ///< (distance, Moran z)
};
DistanceChoice choose_distance(const Units& u, const std::vector<double>& x, RunContext& ctx);

/// The exact test of two Poisson counts with equal exposure, conditional on their sum (R's
/// poisson.test(c(b, a)) = binom.test(b, a + b, 0.5)), two-sided: min(1, 2 P(X >= max(a, b)))
/// for X ~ Bin(a + b, 1/2), 1 when a = b. The density by Loader's saddle point (R's dbinom):
/// equal to R to 1e-12, where log-gamma loses that around n = 6,000.
double poisson_equal_exposure_p(std::int64_t a, std::int64_t b);

/// Two-sided normal p-value and R's p.adjust(p, "BH").
double two_sided_p(double z);
std::vector<double> bh_adjust(const std::vector<double>& p);
/// ArcGIS-style confidence bin: +-3 at p < 0.01, +-2 at p < 0.05, +-1 at p < 0.10.
int confidence_class(double z, double p);

}  // namespace hotspot::stats
