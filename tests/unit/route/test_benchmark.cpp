// The published benchmark formats read as route problems: the numbers the bench compares
// with the literature depend on reading them exactly as published.
#include <catch2/catch.hpp>

#include <cmath>

#include "hotspot/core/error.hpp"
#include "hotspot/route/benchmark.hpp"

using namespace hotspot;

TEST_CASE("route.benchmark: a Chao TOP instance: start and end apart, no service, Tmax",
          "[route]") {
  // Start (0,0), end (10,0); three customers. Tmax 12.0, two paths. CRLF and tabs as published.
  const std::string text =
      "n 5\r\nm 2\r\ntmax 12.0\r\n0.000\t0.000\t0\r\n5.000\t1.000\t10\r\n5.000\t-1.000\t7\r\n"
      "5.000\t4.000\t30\r\n10.000\t0.000\t0\r\n";
  const auto b = route::parse_chao(text, "tiny");
  const auto& p = b.problem;
  CHECK(p.teams == 2);
  REQUIRE(p.stops.size() == 3);
  CHECK(p.shift_len_min == 120);  // tenths
  CHECK(p.travel_end.size() == 4);
  CHECK(p.travel[0][1] == Approx(std::hypot(5, 1) * 10));
  CHECK(p.travel_end[0] == Approx(100));
  // Each path: start -> customer -> end. Via (5,+-1): 2 x sqrt(26) = 10.2 <= 12 (two paths,
  // 10 + 7); via (5,4): 2 x sqrt(41) = 12.8 > 12, out of reach.
  route::SolveConfig cfg;
  cfg.iterations = 200;
  const auto s = route::solve(p, cfg);
  CHECK(s.value == Approx(17));
  CHECK(route::brute_force(p).value == Approx(17));
  // At Tmax 13, one path takes (5,4) for 30 (12.8) and the other both near ones (2 sqrt(26)
  // + 2 = 12.2): 47.
  auto q =
      route::parse_chao("n 5\nm 2\ntmax 13.0\n0 0 0\n5 1 10\n5 -1 7\n5 4 30\n10 0 0\n", "tiny13");
  CHECK(route::solve(q.problem, cfg).value == Approx(47));
  CHECK(route::brute_force(q.problem).value == Approx(47));
  CHECK_THROWS_AS(route::parse_chao("n 5\nm 2\ntmax x\n", "bad"), Error);
  try {
    route::parse_chao("n 3\nm 1\ntmax 5\n0 0 0\n1 x 3\n2 0 0\n", "bad");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("line 5") != std::string::npos);
  }
}

TEST_CASE("route.benchmark: a TOPTW instance: service times, windows on the start, Tmax",
          "[route]") {
  // Depot at 0,0 with C = 100; customer 1 at (10,0), service 5, window [20, 30]; customer 2
  // at (0,10.005), service 50, window [0, 40]. Travel is rounded down to the second decimal.
  const std::string text =
      "5 1 2 4\n500 200\n 0 0.000 0.000 0 0 0 0 0 100\n 1 10.000 0.000 5 8 4 1 15 20 30\n"
      " 2 0.000 10.005 50 6 4 1 15 0 40\n";
  const auto b = route::parse_toptw(text, "tw", 1);
  const auto& p = b.problem;
  CHECK(p.shift_len_min == 100);
  CHECK(p.window_bounds_start);
  REQUIRE(p.stops.size() == 2);
  CHECK(p.stops[0].dwell_min == 5);
  CHECK(p.stops[0].open_min == 20);
  CHECK(p.stops[0].close_min == 30);
  CHECK(p.travel[0][2] == Approx(10.0));  // 10.005 rounded down
  // One team: customer 1 (arrive 10, wait to 20, leave 25), then customer 2 (25 + 14.14 =
  // 39.14 <= 40 starts, service to 89.14, back by 99.14 <= 100): both, 14.
  route::SolveConfig cfg;
  cfg.iterations = 100;
  const auto s = route::solve(p, cfg);
  CHECK(s.value == Approx(14));
  // (The other order fails: 2 first ends at 60, too late for 1's window.) A window on the end
  // of the visit forbids 2 altogether: its 50-minute service cannot end by 40.
  auto q = p;
  q.window_bounds_start = false;
  CHECK(route::solve(q, cfg).value == Approx(8));
}

TEST_CASE("route.benchmark: the independent plan check refuses what breaks a published rule",
          "[route]") {
  // Chao: start (0,0), end (10,0), Tmax 12: (5,1) fits a path (10.2), (5,4) does not (12.8).
  auto chao =
      route::parse_chao("n 5\nm 2\ntmax 12.0\n0 0 0\n5 1 10\n5 -1 7\n5 4 30\n10 0 0\n", "c");
  route::Solution s;
  s.routes.resize(2);
  s.routes[0].stops = {0};
  s.routes[1].stops = {1};
  auto c = route::check_plan(chao, s);
  CHECK(c.feasible);
  CHECK(c.score == 17);
  s.routes[1].stops = {2};  // 12.8 > 12
  c = route::check_plan(chao, s);
  CHECK_FALSE(c.feasible);
  CHECK(c.why.find("more than Tmax") != std::string::npos);
  s.routes[1].stops = {0};  // twice
  CHECK(route::check_plan(chao, s).why.find("twice") != std::string::npos);
  s.routes[1].stops = {3};  // the end node is no customer
  CHECK_FALSE(route::check_plan(chao, s).feasible);
  // TOPTW: the order 2 then 1 misses 1's window (the solver's plan does not).
  auto tw = route::parse_toptw(
      "5 1 2 4\n500 200\n 0 0.000 0.000 0 0 0 0 0 100\n 1 10.000 0.000 5 8 4 1 15 20 30\n"
      " 2 0.000 10.005 50 6 4 1 15 0 40\n",
      "tw", 1);
  route::Solution t;
  t.routes.resize(1);
  t.routes[0].stops = {1, 0};
  c = route::check_plan(tw, t);
  CHECK_FALSE(c.feasible);
  CHECK(c.why.find("after its window closes") != std::string::npos);
  route::SolveConfig cfg;
  cfg.iterations = 100;
  const auto solved = route::solve(tw.problem, cfg);
  c = route::check_plan(tw, solved);
  CHECK(c.feasible);
  CHECK(c.score == 14);
}
