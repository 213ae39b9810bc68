#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "hotspot/core/error.hpp"
#include "hotspot/density/hotspots.hpp"
#include "hotspot/density/kde.hpp"

using namespace hotspot;

namespace {
std::vector<double> clustered(std::size_t n, std::uint64_t seed, std::vector<double>& ys) {
  std::mt19937_64 g(seed);
  std::uniform_real_distribution<double> u(0, 1);
  std::normal_distribution<double> nrm(0, 1);
  std::vector<double> xs;
  const double cx[] = {2000, 5000, 3500, 7000}, cy[] = {3000, 6000, 2000, 7500},
               sd[] = {80, 150, 300, 40};
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 5 == 0) {
      xs.push_back(u(g) * 10000);
      ys.push_back(u(g) * 10000);
    } else {
      const int c = static_cast<int>(i % 4);
      xs.push_back(cx[c] + sd[c] * nrm(g));
      ys.push_back(cy[c] + sd[c] * nrm(g));
    }
  }
  return xs;
}
}  // namespace

TEST_CASE("density.kernel: closed forms at distance d", "[density]") {
  density::KdeConfig k;
  k.bandwidth_m = 300;
  const double h = 300, d = 120, u = d / h;
  k.kernel = density::Kernel::Quartic;
  CHECK(density::kernel_value(k, d) ==
        Approx(3 / (M_PI * h * h) * std::pow(1 - u * u, 2)).epsilon(1e-14));
  CHECK(density::kernel_value(k, 300) == 0);  // on the support edge: counted, value 0
  CHECK(density::kernel_value(k, 300.01) == 0);
  k.kernel = density::Kernel::Epanechnikov;
  CHECK(density::kernel_value(k, d) == Approx(2 / (M_PI * h * h) * (1 - u * u)).epsilon(1e-14));
  k.kernel = density::Kernel::Triangular;
  CHECK(density::kernel_value(k, d) == Approx(3 / (M_PI * h * h) * (1 - u)).epsilon(1e-14));
  k.kernel = density::Kernel::Uniform;
  CHECK(density::kernel_value(k, 300) == Approx(1 / (M_PI * h * h)));  // at exactly h: inside
  k.kernel = density::Kernel::Gaussian;
  k.gaussian_cutoff = 8;
  CHECK(density::kernel_value(k, d) ==
        Approx(std::exp(-d * d / (2 * h * h)) / (2 * M_PI * h * h)).epsilon(1e-6));
}

TEST_CASE("density.kde: one point, one cell at distance d (hand-checkable)", "[density]") {
  // One cell of 10 m centred at (105, 105); the point at (105 - 60, 105 - 80): d = 100 m.
  RunContext ctx;
  const Grid g = Grid::from_extent(100, 100, 110, 110, 10);
  const double x = 45, y = 25, w = 2;
  density::KdeConfig k;
  k.bandwidth_m = 200;
  k.method = density::Method::Exact;
  const auto s = density::kde({&x, &y, &w, 1}, g, k, ctx);
  // 2 * 3 / (pi 200^2) * (1 - 0.25)^2 = 2.6857e-5 per m^2
  CHECK(s.density[0] == Approx(2 * 3 / (M_PI * 40000) * 0.5625).epsilon(1e-14));
}

TEST_CASE("density.kde: the surface integrates to the number of incidents", "[density]") {
  std::vector<double> ys;
  auto xs = clustered(2000, 1, ys);
  // Keep every kernel inside the extent: drop points within 400 m of the border.
  std::vector<double> x, y;
  for (std::size_t i = 0; i < xs.size(); ++i)
    if (xs[i] > 400 && xs[i] < 9600 && ys[i] > 400 && ys[i] < 9600) {
      x.push_back(xs[i]);
      y.push_back(ys[i]);
    }
  RunContext ctx;
  const Grid g = Grid::from_extent(0, 0, 10000, 10000, 20);
  for (auto kern :
       {density::Kernel::Quartic, density::Kernel::Epanechnikov, density::Kernel::Triangular,
        density::Kernel::Uniform, density::Kernel::Gaussian}) {
    for (auto m : {density::Method::Exact, density::Method::Fast}) {
      density::KdeConfig k;
      k.kernel = kern;
      k.bandwidth_m = kern == density::Kernel::Gaussian ? 80 : 300;
      k.method = m;
      const auto s = density::kde({x.data(), y.data(), nullptr, x.size()}, g, k, ctx);
      double mass = 0;
      for (double v : s.density) mass += v * 400;
      INFO(density::kernel_name(kern) << (m == density::Method::Exact ? " exact" : " fast"));
      CHECK(mass == Approx(static_cast<double>(x.size())).epsilon(0.01));
    }
  }
}

TEST_CASE("density.kde: fast path within 0.5 % of the maximum of the exact one (clustered data)",
          "[density]") {
  // Wherever fast_is_accurate() allows the fast path, its error against the exact sum is at
  // most 0.5 % of the maximum, on clusters as tight as 40 m; where it does not, auto is exact.
  std::vector<double> ys;
  auto xs = clustered(20000, 7, ys);
  RunContext ctx;
  struct Case {
    density::Kernel k;
    double h, cell;
  };
  for (const Case c :
       {Case{density::Kernel::Quartic, 300, 18.75}, Case{density::Kernel::Quartic, 300, 10},
        Case{density::Kernel::Quartic, 300, 25}, Case{density::Kernel::Quartic, 300, 75},
        Case{density::Kernel::Epanechnikov, 400, 25}, Case{density::Kernel::Triangular, 400, 25},
        Case{density::Kernel::Gaussian, 200, 25}, Case{density::Kernel::Gaussian, 100, 25},
        Case{density::Kernel::Uniform, 300, 10}}) {
    const Grid g = Grid::from_extent(0, 0, 10000, 10000, c.cell);
    density::KdeConfig k;
    k.kernel = c.k;
    k.bandwidth_m = c.h;
    k.method = density::Method::Exact;
    const auto e = density::kde({xs.data(), ys.data(), nullptr, xs.size()}, g, k, ctx);
    k.method = density::Method::Auto;
    const auto a = density::kde({xs.data(), ys.data(), nullptr, xs.size()}, g, k, ctx);
    INFO(density::kernel_name(c.k) << " h " << c.h << " cell " << c.cell);
    if (!density::fast_is_accurate(k, c.cell)) {
      CHECK(a.used == density::Method::Exact);
      continue;
    }
    k.method = density::Method::Fast;
    const auto f = density::kde({xs.data(), ys.data(), nullptr, xs.size()}, g, k, ctx);
    double vmax = 0, worst = 0;
    for (std::size_t i = 0; i < e.density.size(); ++i) {
      vmax = std::max(vmax, e.density[i]);
      worst = std::max(worst, std::abs(e.density[i] - f.density[i]));
    }
    INFO("fast - exact: " << worst / vmax << " of the maximum");
    CHECK(worst / vmax <= 0.005);
  }
  density::KdeConfig q;
  CHECK(density::fast_is_accurate(q, 18.75));
  CHECK_FALSE(density::fast_is_accurate(q, 25));
}

TEST_CASE("density.kde: the exact path gives the same bits for any thread count", "[density]") {
  std::vector<double> ys;
  auto xs = clustered(5000, 3, ys);
  const Grid g = Grid::from_extent(0, 0, 10000, 10000, 25);
  density::KdeConfig k;
  k.method = density::Method::Exact;
  RunContext c1, c3;
  c1.threads = 1;
  c3.threads = 3;
  CHECK(density::kde({xs.data(), ys.data(), nullptr, xs.size()}, g, k, c1).density ==
        density::kde({xs.data(), ys.data(), nullptr, xs.size()}, g, k, c3).density);
}

TEST_CASE("density.bandwidth: ArcGIS's rule on a known configuration", "[density]") {
  // Four points at (+-100, 0), (0, +-100): mean centre (0,0), SD = 100, Dm = 100;
  // r = 0.9 * min(100, sqrt(1/ln 2) * 100) * 4^-0.2 = 90 * 4^-0.2.
  std::vector<double> x{100, -100, 0, 0}, y{0, 0, 100, -100};
  CHECK(density::auto_bandwidth({x.data(), y.data(), nullptr, 4}) ==
        Approx(90 * std::pow(4.0, -0.2)));
  std::vector<double> one{5, 5};
  CHECK_THROWS_AS(density::auto_bandwidth({one.data(), one.data(), nullptr, 2}), Error);
}

TEST_CASE("density.config: zero or negative bandwidth and cell are refused", "[density]") {
  density::KdeConfig k;
  k.bandwidth_m = 0;
  CHECK_THROWS_AS(k.validate(), Error);
  k.bandwidth_m = -5;
  CHECK_THROWS_AS(k.validate(), Error);
  CHECK_THROWS_AS(Grid::from_extent(0, 0, 100, 100, 0), Error);
  CHECK_THROWS_AS(Grid::from_extent(0, 0, 100, 100, -1), Error);
  CHECK(Grid::from_extent(200000, 468000, 215000, 482000, 25).ncols == 600);
}

TEST_CASE("density.hotspots: top 5 % of the masked cells, 4-connected regions", "[density]") {
  const Grid g = Grid::from_extent(0, 0, 100, 100, 10);  // 10 x 10
  std::vector<double> v(100, 1.0);
  v[11] = 10;
  v[12] = 9;  // region 1 (row 1, cols 1-2)
  v[88] = 8;  // region 2
  v[99] = 7;  // diagonal to 88: separate under 4-connectivity
  v[55] = 6.5;
  density::HotspotConfig hc;
  hc.top_fraction = 0.05;
  const auto r = density::find_hotspots(g, v, nullptr, hc);
  CHECK(r.cells_selected == 5);
  CHECK(r.n == 4);
  CHECK(r.label[11] == r.label[12]);
  CHECK(r.label[88] != r.label[99]);
  CHECK(density::parse_percent("5%") == Approx(0.05));
  CHECK_THROWS_AS(density::parse_percent("150%"), Error);
  density::HotspotConfig none;
  CHECK_THROWS_AS(density::find_hotspots(g, v, nullptr, none), Error);
}
