// Emerging hot spots (issue 17): space-time Gi* against a direct computation, Mann-Kendall,
// every pattern on a series built to be it (with the 90 % boundary), and the command.
#include <catch2/catch.hpp>

#include <random>

#include "../../support.hpp"
#include "hotspot/change/emerging.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/timeutil.hpp"

using namespace hotspot;
using change::BinState;

TEST_CASE("change.emerging: space-time Gi* equals a direct computation on a small cube",
          "[change][emerging]") {
  const Grid g = Grid::from_extent(0, 0, 500, 400, 100);  // 5 x 4 cells
  IncidentTable inc;
  inc.has_time = true;
  const int cat = inc.categories.id_of("a");
  std::mt19937_64 rng(7);
  std::poisson_distribution<int> pois(1.5);
  const int years[] = {2019, 2020, 2021, 2022};
  std::vector<std::vector<double>> x(20, std::vector<double>(4, 0));
  for (std::int64_t c = 0; c < 20; ++c)
    for (int b = 0; b < 4; ++b) {
      const int n = pois(rng) + (c == 7 && b >= 2 ? 6 : 0);
      x[static_cast<std::size_t>(c)][static_cast<std::size_t>(b)] = n;
      for (int k = 0; k < n; ++k)
        inc.push(g.cx(c % 5) + k, g.cy(c / 5),
                 *parse_iso8601(fmt::format("{}-06-01T12:00:00", years[b])), cat, 1, 0);
    }
  change::EmergingConfig cfg;
  cfg.grid_m = 100;
  cfg.neighbourhood_m = 150;  // the 8 cells around
  cfg.time_steps = 1;
  RunContext ctx;
  const auto r = change::emerging(inc, g, nullptr, cfg, ctx);
  REQUIRE(r.bins == std::vector<std::string>{"2019", "2020", "2021", "2022"});
  // Direct: every pair of cube cells, the weights from the definition.
  const double N = 80;
  double sum = 0, ss = 0;
  for (auto& row : x)
    for (double v : row) sum += v;
  const double xbar = sum / N;
  for (auto& row : x)
    for (double v : row) ss += (v - xbar) * (v - xbar);
  const double s = std::sqrt(ss / N);
  for (int c = 0; c < 20; ++c)
    for (int t = 0; t < 4; ++t) {
      double lag = 0, w = 0;
      for (int c2 = 0; c2 < 20; ++c2)
        for (int t2 = 0; t2 < 4; ++t2) {
          const double dx = (c % 5 - c2 % 5) * 100.0, dy = (c / 5 - c2 / 5) * 100.0;
          if (std::hypot(dx, dy) <= 150 && t2 <= t && t2 >= t - 1) {
            lag += x[static_cast<std::size_t>(c2)][static_cast<std::size_t>(t2)];
            w += 1;
          }
        }
      const double z = (lag - xbar * w) / (s * std::sqrt((N * w - w * w) / (N - 1)));
      INFO("cell " << c << " bin " << t);
      CHECK(r.z[static_cast<std::size_t>(c)][static_cast<std::size_t>(t)] ==
            Approx(z).epsilon(1e-12));
    }
}

TEST_CASE("change.emerging: Mann-Kendall S, tie-corrected variance, continuity-corrected z",
          "[change][emerging]") {
  // 1..5: S = 10, var = 5*4*15/18; z = 9 / sqrt(var) = 2.2045; p = 0.02749 (R:
  // Kendall::MannKendall).
  auto t = change::mann_kendall({1, 2, 3, 4, 5});
  CHECK(t.s == 10);
  CHECK(t.var == Approx(300.0 / 18));
  CHECK(t.z == Approx(9 / std::sqrt(300.0 / 18)).epsilon(1e-12));
  CHECK(t.p == Approx(0.027486).epsilon(1e-4));
  // Ties: 1,1,2,3: S = 5, var = (4*3*13 - 1*2*9)/18 = 138/18.
  t = change::mann_kendall({1, 1, 2, 3});
  CHECK(t.s == 5);
  CHECK(t.var == Approx(138.0 / 18));
  CHECK(t.z == Approx(4 / std::sqrt(138.0 / 18)).epsilon(1e-12));
  t = change::mann_kendall({3, 3, 3});
  CHECK(t.z == 0);
  CHECK(t.p == 1);
}

TEST_CASE("change.emerging: each of the 17 patterns on a series built to be it",
          "[change][emerging]") {
  const BinState H = BinState::Hot, C = BinState::Cold, N = BinState::None;
  const change::Trend up{0, 0, 3.0, 0.003}, down{0, 0, -3.0, 0.003}, flat{0, 0, 0.2, 0.8};
  auto mirror = [&](std::vector<BinState> v) {
    for (auto& s : v) s = s == H ? C : s == C ? H : N;
    return v;
  };
  const std::vector<BinState> nine_of_ten{H, N, H, H, H, H, H, H, H, H},
      hist{H, H, H, H, H, H, H, H, H, N};
  const std::vector<std::tuple<std::vector<BinState>, change::Trend, std::string>> hot{
      {{N, N, N, H}, flat, "new_hot_spot"},         {{N, N, H, H}, flat, "consecutive_hot_spot"},
      {nine_of_ten, up, "intensifying_hot_spot"},   {nine_of_ten, down, "diminishing_hot_spot"},
      {hist, flat, "historical_hot_spot"},          {nine_of_ten, flat, "persistent_hot_spot"},
      {{H, N, H, N, H}, flat, "sporadic_hot_spot"}, {{C, N, H, N, H}, flat, "oscillating_hot_spot"},
  };
  for (const auto& [states, trend, want] : hot) {
    INFO(want);
    CHECK(change::classify_pattern(states, trend, 0.05) == want);
    // The cold pattern: states mirrored, and the trend mirrored (a cold spot intensifies as z
    // falls).
    const change::Trend mt{0, 0, -trend.z, trend.p};
    std::string cold = want;
    cold.replace(cold.find("hot"), 3, "cold");
    CHECK(change::classify_pattern(mirror(states), mt, 0.05) == cold);
  }
  CHECK(change::classify_pattern({N, N, N, N}, flat, 0.05) == "no_pattern");
  CHECK(change::classify_pattern({H, N, N, N}, flat, 0.05) == "no_pattern");
  // The 90 % boundary: 9 of 10 hot is "90 %"; 8 of 9 (89 %) is not (so sporadic, not intensifying).
  CHECK(change::classify_pattern({H, N, H, H, H, H, H, H, H}, up, 0.05) == "sporadic_hot_spot");
  CHECK(change::classify_pattern({N, N, H, H, H, H, H, H, H, H}, flat, 0.05) ==
        "consecutive_hot_spot");  // 80 %, one run
}

TEST_CASE("cli.emerging: the contract's columns, bins by quarter and month",
          "[cli][change][emerging]") {
  test::TempDir d;
  const std::string inc = "'" + (test::geodata() / "deventer_incidents_synth.csv").string() + "'";
  const auto r =
      test::run_cli("emerging --internal --incidents " + inc +
                    " --grid-m 500 --extent 203500,471000,223000,481750 --bin quarter --out '" +
                    (d / "e.csv").string() + "'");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("read 4601, joined 4601, outside 0, rejected 0, filtered 0") !=
        std::string::npos);
  const auto rows = test::read_csv(d / "e.csv");
  REQUIRE(rows.size() == 39 * 22);
  for (const char* c :
       {"cell_id", "col", "row", "x", "y", "pattern", "trend_z", "trend_p", "z_2018Q1", "z_2022Q4"})
    CHECK(rows.front().count(c) == 1);
  CHECK(rows.front().at("cell_id") == "0");
  const auto m =
      test::run_cli("emerging --internal --incidents " + inc +
                    " --grid-m 500 --extent 203500,471000,223000,481750 --bin month --out '" +
                    (d / "m.geojson").string() + "'");
  CHECK(m.exit_code == 0);
  CHECK(test::slurp(d / "m.geojson").find("\"z_2022-12\"") != std::string::npos);
  const auto bad =
      test::run_cli("emerging --internal --incidents " + inc +
                    " --grid-m 500 --bin week --extent 203500,471000,223000,481750 --out '" +
                    (d / "x.csv").string() + "'");
  CHECK(bad.exit_code == 2);
}
