#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "../../support.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/score/score.hpp"

using namespace hotspot;

namespace {
GeometryPtr wkt(const char* s) {
  OGRGeometry* g = nullptr;
  OGRGeometryFactory::createFromWkt(s, nullptr, &g);
  return GeometryPtr(g);
}
}  // namespace

TEST_CASE("score: counts within a radius equal brute force, points exactly at R inside",
          "[score]") {
  std::mt19937_64 gen(9);
  std::uniform_real_distribution<double> u(0, 2000);
  IncidentTable inc;
  const int c0 = inc.categories.id_of("a"), c1 = inc.categories.id_of("b");
  for (int i = 0; i < 20000; ++i)
    inc.push(std::round(u(gen)), std::round(u(gen)), kNoTime, i % 3 ? c0 : c1, 1, i + 2);
  std::vector<GeometryPtr> locs;
  std::vector<std::pair<double, double>> pts;
  for (int k = 0; k < 300; ++k) {
    const double x = std::round(u(gen)), y = std::round(u(gen));
    pts.emplace_back(x, y);
    locs.emplace_back(new OGRPoint(x, y));
  }
  // Points exactly at R = 250 from location 0, axis-aligned and on a 3-4-5 diagonal (150, 200).
  for (auto [dx, dy] :
       std::vector<std::pair<double, double>>{{250, 0}, {0, -250}, {150, 200}, {-200, -150}})
    inc.push(pts[0].first + dx, pts[0].second + dy, kNoTime, c0, 1, 0);
  score::ScoreConfig cfg;
  cfg.radius_m = 250;
  RunContext ctx;
  const auto s = score::score_locations(locs, inc, cfg, 0, ctx);
  for (std::size_t k = 0; k < locs.size(); ++k) {
    std::int64_t want = 0, want_b = 0;
    for (std::size_t i = 0; i < inc.size(); ++i) {
      const double dx = inc.x[i] - pts[k].first, dy = inc.y[i] - pts[k].second;
      if (dx * dx + dy * dy <= 250.0 * 250.0) {
        ++want;
        want_b += inc.category[i] == c1;
      }
    }
    INFO("location " << k);
    CHECK(s[k].total == want);
    CHECK(s[k].by_category[static_cast<std::size_t>(c1)] == want_b);
  }
  // Those at exactly R (our four, and any random one on an integer triangle) are counted.
  std::int64_t inside_strict = 0, at_r = 0;
  for (std::size_t i = 0; i < inc.size(); ++i) {
    const double dx = inc.x[i] - pts[0].first, dy = inc.y[i] - pts[0].second;
    inside_strict += dx * dx + dy * dy < 250.0 * 250.0;
    at_r += dx * dx + dy * dy == 250.0 * 250.0;
  }
  CHECK(at_r >= 4);
  CHECK(s[0].total == inside_strict + at_r);
}

TEST_CASE("score: polygons with holes and buffers", "[score]") {
  IncidentTable inc;
  const int c = inc.categories.id_of("a");
  // A 100 m square with a 40 m hole in the middle.
  std::vector<GeometryPtr> locs;
  locs.push_back(wkt("POLYGON((0 0,100 0,100 100,0 100,0 0),(30 30,70 30,70 70,30 70,30 30))"));
  inc.push(10, 10, kNoTime, c, 1, 1);   // in the polygon
  inc.push(50, 50, kNoTime, c, 1, 2);   // in the hole: not counted
  inc.push(30, 50, kNoTime, c, 1, 3);   // on the hole's ring: counted (boundary)
  inc.push(100, 50, kNoTime, c, 1, 4);  // on the outer ring: counted
  inc.push(110, 50, kNoTime, c, 1, 5);  // 10 m outside: only with a buffer >= 10
  inc.push(130, 50, kNoTime, c, 1, 6);  // 30 m outside
  score::ScoreConfig cfg;
  RunContext ctx;
  CHECK(score::score_locations(locs, inc, cfg, 0, ctx)[0].total == 3);
  cfg.buffer_m = 10;  // a buffer also fills the hole's edge band, not the hole's centre
  CHECK(score::score_locations(locs, inc, cfg, 0, ctx)[0].total == 4);
  cfg.buffer_m = 30;  // 30 m closes the 40 m hole (half-width 20): everything but (130, 50)...
                      // which is at 30 m
  CHECK(score::score_locations(locs, inc, cfg, 0, ctx)[0].total == 6);
  cfg.buffer_m = 25;  // the hole closes, (130, 50) stays 5 m out
  CHECK(score::score_locations(locs, inc, cfg, 0, ctx)[0].total == 5);
}

TEST_CASE("score: window, trend and decayed score on a hand-built case", "[score]") {
  IncidentTable inc;
  const int drugs = inc.categories.id_of("drugs"), burg = inc.categories.id_of("woninginbraak");
  const std::int64_t at = *parse_iso8601("2022-12-31T00:00:00");
  const std::int64_t day = 86400;
  // Window (at - 100 d, at]: 6 incidents; previous window: 2; one beyond; one after `at`.
  for (int i = 0; i < 6; ++i) inc.push(0, 0, at - (10 + i) * day, drugs, 1, i);
  inc.push(0, 0, at - 150 * day, burg, 1, 10);
  inc.push(0, 0, at - 150 * day, burg, 1, 11);
  inc.push(0, 0, at - 250 * day, burg, 1, 12);
  inc.push(0, 0, at + 5 * day, drugs, 1, 13);
  std::vector<GeometryPtr> locs;
  locs.emplace_back(new OGRPoint(0, 0));
  score::ScoreConfig cfg;
  cfg.window_s = 100 * day;
  cfg.half_life_days = 100;
  cfg.weights = {{"drugs", 3.0}};
  RunContext ctx;
  const auto s = score::score_locations(locs, inc, cfg, at, ctx)[0];
  CHECK(s.total == 9);  // the one after `at` is left out
  CHECK(s.window == 6);
  CHECK(s.prev_window == 2);
  CHECK(s.trend == Approx(2.0));  // (6 - 2) / 2
  // Exact conditional test: P(X >= 6 | X ~ Bin(8, 1/2)) = (28 + 8 + 1) / 256; two-sided doubles it.
  CHECK(s.trend_p == Approx(2.0 * 37.0 / 256.0));
  double want = 0;
  for (int i = 0; i < 6; ++i) want += 3.0 * std::exp2(-(10.0 + i) / 100.0);
  want += 2 * std::exp2(-1.5) + std::exp2(-2.5);
  CHECK(s.score == Approx(want).epsilon(1e-12));
  CHECK(inc.categories.name(s.top_category) == "drugs");
  CHECK(score::poisson_trend_p(0, 0) == 1.0);
  CHECK(score::poisson_trend_p(5, 5) == Approx(1.0));
}

TEST_CASE("score: results and ranks do not depend on the thread count", "[score]") {
  std::mt19937_64 gen(4);
  std::uniform_real_distribution<double> u(0, 5000);
  IncidentTable inc;
  const int c = inc.categories.id_of("a");
  for (int i = 0; i < 50000; ++i) inc.push(u(gen), u(gen), i * 600, c, 1, i);
  std::vector<GeometryPtr> locs;
  for (int k = 0; k < 2000; ++k)
    locs.emplace_back(new OGRPoint(std::round(u(gen) / 100) * 100, std::round(u(gen) / 100) * 100));
  score::ScoreConfig cfg;
  RunContext c1, c3;
  c1.threads = 1;
  c3.threads = 3;
  const auto a = score::score_locations(locs, inc, cfg, 50000 * 600, c1);
  const auto b = score::score_locations(locs, inc, cfg, 50000 * 600, c3);
  REQUIRE(a.size() == b.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    CHECK(a[k].total == b[k].total);
    CHECK(a[k].score == b[k].score);  // bit-identical: one thread sums each location
  }
  CHECK(score::ranks(a) == score::ranks(b));
}

TEST_CASE("score: config file and windows", "[score]") {
  test::TempDir d;
  test::spit(d / "ok.toml",
             "[score]\nhalf_life_days = 180\nwindow = \"26w\"\n[score.weights]\nondermijning = "
             "5\ndrugs = 2.5\n");
  score::ScoreConfig cfg;
  score::load_score_config((d / "ok.toml").string(), cfg);
  CHECK(cfg.half_life_days == 180);
  CHECK(cfg.window_s == 26 * 7 * 86400);
  CHECK(cfg.weights["ondermijning"] == 5);
  CHECK(cfg.weights["drugs"] == 2.5);
  test::spit(d / "bad.toml", "[score]\nhalf_life = 180\n");
  try {
    score::load_score_config((d / "bad.toml").string(), cfg);
    FAIL();
  } catch (const Error& e) {
    CHECK(e.message().find("half_life") != std::string::npos);
    CHECK(e.message().find("line 2") != std::string::npos);
  }
  CHECK(score::parse_window("365d") == 365 * 86400);
  CHECK_THROWS_AS(score::parse_window("365"), Error);
  CHECK_THROWS_AS(score::parse_window("-2d"), Error);
}
