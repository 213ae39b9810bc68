#include <catch2/catch.hpp>

#include "grid_units.hpp"

#include <cmath>
#include <random>

#include "hotspot/core/error.hpp"
#include "hotspot/stats/stats.hpp"

using namespace hotspot;

namespace {
using test::grid_units;
}  // namespace

TEST_CASE("stats.lisa: permutation p-values depend on the seed, not on the thread count",
          "[stats]") {
  auto u = grid_units(40, 40, 100);
  std::mt19937_64 g(5);
  std::poisson_distribution<int> pois(2.0);
  std::vector<double> x(u.size());
  for (auto& v : x) v = pois(g);
  stats::WeightsSpec w;
  w.kind = stats::WeightKind::Queen;
  w.style = stats::Style::Row;
  stats::LisaConfig lc;
  lc.permutations = 199;
  lc.seed = 42;
  RunContext c1, c3;
  c1.threads = 1;
  c3.threads = 3;
  const auto a = stats::local_moran(u, x, w, lc, c1);
  const auto b = stats::local_moran(u, x, w, lc, c3);
  CHECK(a.p_perm == b.p_perm);
  CHECK(a.cluster == b.cluster);
  lc.seed = 43;
  const auto c = stats::local_moran(u, x, w, lc, c1);
  CHECK(a.p_perm != c.p_perm);
  for (double p : a.p_perm) {
    CHECK(p >= 1.0 / 200);
    CHECK(p <= 1.0);
  }
}

TEST_CASE(
    "stats.gi_star: planted clusters are 99 % hot spots and a random pattern stays within the FDR",
    "[stats]") {
  auto u = grid_units(60, 60, 100);
  std::mt19937_64 g(11);
  std::poisson_distribution<int> background(1.0), hot(6.0);
  std::vector<double> x(u.size());
  for (auto& v : x) v = background(g);
  // Two planted 5 x 5 clusters.
  std::vector<std::size_t> planted;
  for (std::int64_t r = 10; r < 15; ++r)
    for (std::int64_t c = 10; c < 15; ++c) planted.push_back(static_cast<std::size_t>(r * 60 + c));
  for (std::int64_t r = 40; r < 45; ++r)
    for (std::int64_t c = 30; c < 35; ++c) planted.push_back(static_cast<std::size_t>(r * 60 + c));
  for (auto i : planted) x[i] = hot(g);
  stats::WeightsSpec w;
  w.kind = stats::WeightKind::Distance;
  w.distance_m = 150;
  RunContext ctx;
  auto r = stats::gi_star(u, x, w, ctx);
  // The cluster centres (fully surrounded by planted cells) are 99 % hot spots, with FDR too.
  for (std::size_t i : {std::size_t(12 * 60 + 12), std::size_t(42 * 60 + 32)}) {
    CHECK(r.cls[i] == 3);
    CHECK(r.cls_fdr[i] == 3);
  }
  // Complete spatial randomness: Poisson counts everywhere. BH at q = 0.05 keeps the expected
  // share of false discoveries at 5 % of discoveries; under the global null, any discovery
  // is false, and P(any) <= 0.05. Over 20 independent maps, allow a few maps with any.
  int maps_with_discoveries = 0;
  for (int rep = 0; rep < 20; ++rep) {
    for (auto& v : x) v = background(g);
    r = stats::gi_star(u, x, w, ctx);
    std::size_t sig = 0;
    for (double q : r.p_fdr) sig += q < 0.05;
    maps_with_discoveries += sig > 0;
  }
  // Gi* values of neighbouring cells are correlated, so BH is not exact here; the margin
  // (5 of 20 where 1 is expected) still catches a broken adjustment, which flags hundreds.
  CHECK(maps_with_discoveries <= 5);
}

TEST_CASE("stats: bad input gives clear messages, not NaN output", "[stats]") {
  RunContext ctx;
  stats::WeightsSpec w;
  w.kind = stats::WeightKind::Distance;
  w.distance_m = 150;
  SECTION("one unit") {
    auto u = grid_units(1, 1, 100);
    try {
      stats::gi_star(u, {3}, w, ctx);
      FAIL();
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::EmptyInput);
      CHECK(std::string(e.what()).find("at least 3") != std::string::npos);
    }
  }
  SECTION("all counts equal") {
    auto u = grid_units(5, 5, 100);
    try {
      stats::gi_star(u, std::vector<double>(25, 2.0), w, ctx);
      FAIL();
    } catch (const Error& e) {
      CHECK(std::string(e.what()).find("zero variance") != std::string::npos);
    }
  }
  SECTION("units without neighbours are reported and left empty") {
    auto u = grid_units(5, 5, 100);
    std::vector<double> x(25, 0.0);
    x[3] = 4;
    x[7] = 1;
    stats::WeightsSpec tiny;
    tiny.kind = stats::WeightKind::Distance;
    tiny.distance_m = 50;  // less than the cell spacing: nobody has neighbours
    stats::LisaConfig lc;
    lc.permutations = 0;
    const auto r = stats::local_moran(u, x, tiny, lc, ctx);
    CHECK(r.no_neighbours == 25);
    CHECK(std::isnan(r.z[3]));
    CHECK(r.cluster[3] == "ns");
    // Gi* includes self, so it stays defined (W = 1: z = 0 by construction of the formula).
    const auto g = stats::gi_star(u, x, tiny, ctx);
    CHECK(g.n_neigh[3] == 1);
  }
  SECTION("weights text") {
    CHECK(stats::parse_weights("distance:600").distance_m == 600);
    CHECK(stats::parse_weights("knn:6").k == 6);
    CHECK_THROWS_AS(stats::parse_weights("distance:-1"), Error);
    CHECK_THROWS_AS(stats::parse_weights("bishop"), Error);
  }
}

TEST_CASE("stats.weights: knn, distance and grid contiguity", "[stats]") {
  auto u = grid_units(10, 10, 100);
  stats::WeightsSpec w;
  w.kind = stats::WeightKind::Queen;
  auto nb = stats::neighbours(u, w);
  CHECK(nb.count(0) == 3);
  CHECK(nb.count(55) == 8);
  w.kind = stats::WeightKind::Rook;
  nb = stats::neighbours(u, w);
  CHECK(nb.count(0) == 2);
  CHECK(nb.count(55) == 4);
  w.kind = stats::WeightKind::Distance;
  w.distance_m = 100;  // inclusive: the four rook neighbours
  nb = stats::neighbours(u, w);
  CHECK(nb.count(55) == 4);
  w.kind = stats::WeightKind::Knn;
  w.k = 6;
  nb = stats::neighbours(u, w);
  for (std::size_t i = 0; i < u.size(); ++i) CHECK(nb.count(i) == 6);
  // Each of the 6 nearest of an interior cell is within sqrt(2) cells.
  for (std::int64_t k = nb.start[55]; k < nb.start[56]; ++k) {
    const auto j = static_cast<std::size_t>(nb.index[static_cast<std::size_t>(k)]);
    CHECK(std::hypot(u.x[j] - u.x[55], u.y[j] - u.y[55]) <= 100 * std::sqrt(2.0) + 1e-9);
  }
}

TEST_CASE("stats.hex: nearest-centre cells and six neighbours", "[stats]") {
  const HexGrid hg = HexGrid::covering(0, 0, 1000, 1000, 100);
  // A point at a centre belongs to that cell.
  const auto id = hg.cell_of(hg.cx(3, 4), hg.cy(4));
  REQUIRE(id);
  CHECK(*id == 4 * hg.g.ncols + 3);
  // Every point of the extent is in some cell within the circumradius of its centre.
  std::mt19937_64 g(1);
  std::uniform_real_distribution<double> u01(0, 1000);
  for (int i = 0; i < 1000; ++i) {
    const double x = u01(g), y = u01(g);
    const auto c = hg.cell_of(x, y);
    REQUIRE(c);
    const double d =
        std::hypot(x - hg.cx(*c % hg.g.ncols, *c / hg.g.ncols), y - hg.cy(*c / hg.g.ncols));
    CHECK(d <= hg.radius() + 1e-9);
  }
  stats::Units u;
  u.grid = hg.g;
  u.hex = true;
  u.unit_of.assign(static_cast<std::size_t>(hg.g.size()), -1);
  for (std::int64_t c = 0; c < hg.g.size(); ++c) {
    u.unit_of[static_cast<std::size_t>(c)] = static_cast<std::int32_t>(c);
    u.cell.push_back(c);
    u.x.push_back(hg.cx(c % hg.g.ncols, c / hg.g.ncols));
    u.y.push_back(hg.cy(c / hg.g.ncols));
  }
  stats::WeightsSpec w;
  w.kind = stats::WeightKind::Queen;
  const auto nb = stats::neighbours(u, w);
  CHECK(nb.count(static_cast<std::size_t>(4 * hg.g.ncols + 4)) == 6);
}

TEST_CASE("stats.global: Moran's I of a checkerboard is -1-ish, of two halves clearly positive",
          "[stats]") {
  auto u = grid_units(10, 10, 100);
  stats::WeightsSpec w;
  w.kind = stats::WeightKind::Rook;
  const auto nb = stats::neighbours(u, w);
  std::vector<double> board(100), halves(100);
  for (std::size_t i = 0; i < 100; ++i) {
    board[i] = static_cast<double>(((i % 10) + (i / 10)) % 2);
    halves[i] = (i % 10) < 5 ? 5 : 0;
  }
  const auto gb = stats::global_stats(nb, board, stats::Style::Binary);
  const auto gh = stats::global_stats(nb, halves, stats::Style::Binary);
  CHECK(gb.moran_i == Approx(-1.0));
  CHECK(gb.moran_z < -5);
  CHECK(gh.moran_i > 0.8);
  CHECK(gh.moran_z > 5);
  CHECK(gb.moran_e == Approx(-1.0 / 99));
  CHECK(gh.g > gh.g_e);
}

TEST_CASE("stats.optimized: the incremental search reports a distance and how it was chosen",
          "[stats]") {
  auto u = grid_units(30, 30, 100);
  std::vector<double> x(u.size(), 0.0);
  std::mt19937_64 g(3);
  std::poisson_distribution<int> pois(1.0);
  for (auto& v : x) v = pois(g);
  for (std::int64_t r = 5; r < 12; ++r)
    for (std::int64_t c = 5; c < 12; ++c) x[static_cast<std::size_t>(r * 30 + c)] += 5;
  RunContext ctx;
  const auto ch = stats::choose_distance(u, x, ctx);
  CHECK(ch.distance_m >= 100);
  CHECK(ch.distance_m <= 1000);
  CHECK_FALSE(ch.how.empty());
  CHECK(ch.profile.size() >= 3);
}

TEST_CASE("stats: square-grid shortcuts equal the general neighbour search on a grid with holes",
          "[stats]") {
  // A 50 x 40 grid clipped to a disc with a hole (cells outside are not units), counts that
  // are sums of weights (not whole numbers). The grid path uses the stencil and per-row
  // prefix sums; the same units without the grid go through the distance search.
  const Grid g = Grid::from_extent(0, 0, 5000, 4000, 100);
  stats::Units grid, points;
  grid.grid = g;
  grid.unit_of.assign(static_cast<std::size_t>(g.size()), -1);
  for (std::int64_t c = 0; c < g.size(); ++c) {
    const double x = g.cx(c % g.ncols), y = g.cy(c / g.ncols);
    const double d = std::hypot(x - 2500, y - 2000);
    if (d > 1900 || (d < 400)) continue;
    grid.unit_of[static_cast<std::size_t>(c)] = static_cast<std::int32_t>(grid.cell.size());
    grid.cell.push_back(c);
    grid.x.push_back(x);
    grid.y.push_back(y);
  }
  points.x = grid.x;
  points.y = grid.y;
  std::mt19937_64 rng(3);
  std::gamma_distribution<double> gam(0.7, 2.0);
  std::vector<double> x(grid.size());
  for (auto& v : x) v = gam(rng);
  RunContext ctx;
  for (double d : {100.0, 250.0, 460.0})
    for (auto style : {stats::Style::Binary, stats::Style::Row}) {
      stats::WeightsSpec w;
      w.kind = stats::WeightKind::Distance;
      w.distance_m = d;
      w.style = style;
      INFO("distance " << d << (style == stats::Style::Row ? " row" : " binary"));
      const auto a = stats::gi_star(grid, x, w, ctx), b = stats::gi_star(points, x, w, ctx);
      CHECK(a.n_neigh == b.n_neigh);
      double worst = 0;
      for (std::size_t i = 0; i < x.size(); ++i) worst = std::max(worst, std::abs(a.z[i] - b.z[i]));
      CHECK(worst < 1e-9);
      for (unsigned threads : {1u, 2u}) {
        const auto ga = stats::global_stats(grid, x, w, threads),
                   gb = stats::global_stats(points, x, w, threads);
        CHECK(ga.moran_i == Approx(gb.moran_i).epsilon(1e-12));
        CHECK(ga.moran_z == Approx(gb.moran_z).epsilon(1e-10));
        CHECK(ga.g_z == Approx(gb.g_z).epsilon(1e-10));
      }
    }
}
