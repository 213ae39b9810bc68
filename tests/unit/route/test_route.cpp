#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <random>

#include "hotspot/core/error.hpp"
#include "hotspot/route/route.hpp"

using namespace hotspot;

namespace {
route::Problem random_problem(std::uint64_t seed, int n, int teams, int shift_min, bool windows) {
  std::mt19937_64 g(seed);
  std::uniform_real_distribution<double> u(0, 2500), val(0.5, 10);
  std::uniform_int_distribution<int> hour(0, 23);
  route::Problem p;
  p.depot_x = 1250;
  p.depot_y = 1250;
  p.shift_start_min = 19 * 60;
  p.shift_len_min = shift_min;
  p.teams = teams;
  p.dwell_min = 15;
  for (int i = 0; i < n; ++i) {
    route::Stop s;
    s.id = "s" + std::to_string(i);
    s.x = u(g);
    s.y = u(g);
    s.value = val(g);
    // A profile peaking at one evening hour.
    s.share.fill(0.5 / 24);
    s.share[static_cast<std::size_t>(19 + hour(g) % 5)] += 0.5;
    if (windows && i % 3 == 0) {
      s.open_min = 30 + (i * 17) % 90;
      s.close_min = s.open_min + 60;
    }
    p.stops.push_back(s);
  }
  p.travel = route::straight_line_matrix(p, 5, 1.3);
  return p;
}

void check_constraints(const route::Problem& p, const route::Solution& s) {
  std::vector<int> seen(p.stops.size(), 0);
  for (const auto& r : s.routes) {
    // The team's own start, end, hours and break (the problem's when it has none).
    const bool own = !p.team_list.empty();
    const auto* tm = own ? &p.team_list[static_cast<std::size_t>(r.team)] : nullptr;
    const double break_min = own && tm->break_min >= 0 ? tm->break_min : p.break_min;
    const double break_open = own && tm->break_min >= 0 ? tm->break_open : p.break_open;
    const double break_close = own && tm->break_min >= 0 ? tm->break_close : p.break_close;
    const double end_by = own && tm->end_min >= 0 ? tm->end_min : p.shift_len_min;
    double t = own ? tm->begin_min : 0;
    int at = own ? tm->start_place : 0;
    const double begin = t;
    for (const auto& v : r.visits) {
      const auto& st = p.stops[static_cast<std::size_t>(v.stop)];
      ++seen[static_cast<std::size_t>(v.stop)];
      const bool break_before =
          break_min > 0 && r.break_start >= t - 1e-9 && r.break_start < v.start_min;
      CHECK(v.arrive_min >=
            t + p.travel[static_cast<std::size_t>(at)][static_cast<std::size_t>(v.stop + 1)] +
                (break_before && r.break_start < v.arrive_min - break_min + 1e-9 ? break_min : 0) -
                1e-9);
      CHECK(v.start_min >= begin - 1e-9);
      // Each visit lasts its stop's dwell time (the problem's when the stop has none).
      const double dwell = st.dwell_min >= 0 ? st.dwell_min : p.dwell_min;
      CHECK(v.depart_min - v.start_min == Approx(dwell).margin(1e-9));
      if (st.open_min >= 0) CHECK(v.start_min >= st.open_min - 1e-9);
      if (st.close_min >= 0)
        CHECK((p.window_bounds_start ? v.start_min : v.depart_min) <= st.close_min + 1e-9);
      if (break_min > 0)  // no visit overlaps the break
        CHECK((v.depart_min <= r.break_start + 1e-9 ||
               v.start_min >= r.break_start + break_min - 1e-9));
      t = v.depart_min;
      at = v.stop + 1;
    }
    CHECK(r.end_min <= end_by + 1e-9);  // at the end point within the team's shift
    if (break_min > 0) {                // every team has its break, inside its window
      CHECK(r.break_start >= break_open - 1e-9);
      CHECK(r.break_start <= break_close + 1e-9);
      CHECK(r.break_start + break_min <= r.end_min + 1e-9);
    }
    const double to_end =
        own && tm->end_place >= 0
            ? p.travel[static_cast<std::size_t>(at)][static_cast<std::size_t>(tm->end_place)]
        : p.travel_end.empty() ? p.travel[static_cast<std::size_t>(at)][0]
                               : p.travel_end[static_cast<std::size_t>(at)];
    CHECK(r.end_min >= t + to_end - 1e-9);
  }
  for (std::size_t i = 0; i < p.stops.size(); ++i) {
    CHECK(seen[i] <= 1);
    if (p.stops[i].must_visit) CHECK(seen[i] == 1);
  }
}
}  // namespace

TEST_CASE("route: the solver finds the brute-force optimum on small instances", "[route]") {
  struct Case {
    int n, teams, shift;
    bool windows;
  };
  for (const Case c : {Case{8, 1, 120, false}, Case{8, 1, 90, true}, Case{7, 2, 75, false},
                       Case{6, 2, 60, true}, Case{9, 1, 150, false}}) {
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
      const auto p = random_problem(seed * 31 + static_cast<std::uint64_t>(c.n), c.n, c.teams,
                                    c.shift, c.windows);
      const auto best = route::brute_force(p);
      route::SolveConfig cfg;
      cfg.iterations = 300;
      cfg.seed = seed;
      const auto s = route::solve(p, cfg);
      INFO("n " << c.n << " teams " << c.teams << " shift " << c.shift << " seed " << seed);
      CHECK(s.value == Approx(best.value).epsilon(1e-9));
      check_constraints(p, s);
    }
  }
}

TEST_CASE("route: a shift that ends elsewhere, a dwell per stop and driving past", "[route]") {
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    auto p = random_problem(seed * 7, 8, 1 + static_cast<int>(seed % 2), 100, seed % 2 == 0);
    // Bergweide takes longer than a square; one stop is only driven past.
    p.stops[0].dwell_min = 40;
    p.stops[1].dwell_min = 0;
    p.stops[2].dwell_min = 5;
    // The shift ends at the far corner: a different end point.
    p.end_x = 2400;
    p.end_y = 100;
    const double m_per_min = 5 * 1000.0 / 60.0;
    p.travel_end.push_back(std::hypot(p.depot_x - p.end_x, p.depot_y - p.end_y) * 1.3 / m_per_min);
    for (const auto& st : p.stops)
      p.travel_end.push_back(std::hypot(st.x - p.end_x, st.y - p.end_y) * 1.3 / m_per_min);
    const auto best = route::brute_force(p);
    route::SolveConfig cfg;
    cfg.iterations = 300;
    cfg.seed = seed;
    const auto s = route::solve(p, cfg);
    INFO("seed " << seed);
    CHECK(s.value == Approx(best.value).epsilon(1e-9));
    check_constraints(p, s);
    // Without the end point the same stops give another plan length: the end is used.
    auto back = p;
    back.travel_end.clear();
    route::Route r;
    r.stops = {0, 1};
    route::evaluate(p, r);
    route::Route rb = r;
    route::evaluate(back, rb);
    CHECK(r.end_min - rb.end_min ==
          Approx(p.travel_end[2] - p.travel[2][0]).margin(1e-9));  // stop 1 is place 2
  }
  // Driving past is worth the share of the clock hour it happens in.
  auto p = random_problem(3, 3, 1, 120, false);
  p.stops[0].dwell_min = 0;
  const double t = 65;  // 20:05
  CHECK(route::visit_value(p, p.stops[0], t) == Approx(p.stops[0].value * p.stops[0].share[20]));
}

TEST_CASE("route: a break on the way, after a visit or at the end, and windows on the start",
          "[route]") {
  route::Problem p;
  p.shift_start_min = 19 * 60;
  p.shift_len_min = 240;
  p.dwell_min = 20;
  p.teams = 1;
  for (int i = 0; i < 2; ++i) {
    route::Stop s;
    s.id = "s" + std::to_string(i);
    s.value = 1;
    s.share.fill(1.0 / 24);
    p.stops.push_back(s);
  }
  // depot -> s0: 30 min, s0 -> s1: 40 min, s1 -> depot: 30 min.
  p.travel = {{0, 30, 30}, {30, 0, 40}, {30, 40, 0}};
  p.break_min = 30;
  route::Route r;
  r.stops = {0, 1};
  // The window opens on the way to s1 (at 60; s0 is left at 50): the break starts at 60.
  p.break_open = 60;
  p.break_close = 90;
  route::evaluate(p, r);
  CHECK(r.feasible);
  CHECK(r.break_start == 60);
  CHECK(r.break_before == 1);
  CHECK(r.visits[1].arrive_min == 50 + 40 + 30);
  CHECK(r.end_min == 120 + 20 + 30);
  // It opens during the visit to s0 (30-50): the break starts when the visit ends.
  p.break_open = 40;
  route::evaluate(p, r);
  CHECK(r.break_start == 50);
  CHECK(r.visits[1].arrive_min == 50 + 30 + 40);
  // It opens after the route is back: the team takes it at the end, later than it would be back.
  p.break_open = 200;
  p.break_close = 205;
  route::evaluate(p, r);
  CHECK(r.break_before == 2);
  CHECK(r.break_start == 200);
  CHECK(r.end_min == 230);
  CHECK(r.feasible);
  // A window that closes before the team is free makes the route infeasible.
  p.break_open = 35;
  p.break_close = 45;  // in the visit to s0, which ends at 50
  route::evaluate(p, r);
  CHECK_FALSE(r.feasible);
  // Windows: s1 closes at 100; the visit starts at 90 and ends at 110.
  p.break_min = 0;
  p.stops[1].close_min = 100;
  route::evaluate(p, r);
  CHECK_FALSE(r.feasible);  // bounds the whole visit
  p.window_bounds_start = true;
  route::evaluate(p, r);
  CHECK(r.feasible);  // bounds its start only
  // The solver with a break still finds the optimum, and every plan keeps the rules.
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    auto q = random_problem(seed * 13, 8, 1 + static_cast<int>(seed % 2), 120, seed % 2 == 1);
    q.break_min = 20;
    q.break_open = 40;
    q.break_close = 80;
    q.window_bounds_start = seed % 2 == 1;
    const auto best = route::brute_force(q);
    route::SolveConfig cfg;
    cfg.iterations = 300;
    cfg.seed = seed;
    const auto s = route::solve(q, cfg);
    INFO("seed " << seed);
    CHECK(s.value == Approx(best.value).epsilon(1e-9));
    check_constraints(q, s);
  }
}

TEST_CASE("route: time windows, shift end and must-visit stops are never violated", "[route]") {
  for (std::uint64_t seed = 1; seed <= 25; ++seed) {
    auto p = random_problem(seed, 30, 1 + static_cast<int>(seed % 3),
                            120 + static_cast<int>(seed % 4) * 30, true);
    p.stops[static_cast<std::size_t>(seed % 30)].must_visit = true;
    p.stops[static_cast<std::size_t>(seed % 30)].open_min = -1;
    p.stops[static_cast<std::size_t>(seed % 30)].close_min = -1;
    route::SolveConfig cfg;
    cfg.iterations = 40;
    cfg.seed = seed;
    cfg.time_limit_s = 60;
    const auto s = route::solve(p, cfg);
    INFO("seed " << seed);
    CHECK(s.must_visits_met);
    // The iteration budget ends the search: a local search cycling between equal plans (as one
    // did when the must-visit bonus swamped the value tolerance) runs into the limit instead.
    CHECK_FALSE(s.ended_by_time);
    CHECK(s.iterations == 40);
    check_constraints(p, s);
    // The greedy baseline knows no must-visits: compare on the same instance without them.
    for (auto& st : p.stops) st.must_visit = false;
    const auto free = route::solve(p, cfg);
    check_constraints(p, free);
    CHECK(free.value >= route::greedy(p).value - 1e-9);
  }
}

TEST_CASE("route: the same seed gives the same plan", "[route]") {
  const auto p = random_problem(5, 25, 2, 180, true);
  route::SolveConfig cfg;
  cfg.iterations = 50;
  const auto a = route::solve(p, cfg), b = route::solve(p, cfg);
  REQUIRE(a.routes.size() == b.routes.size());
  for (std::size_t t = 0; t < a.routes.size(); ++t) CHECK(a.routes[t].stops == b.routes[t].stops);
}

TEST_CASE("route: a visit's value follows the hours its incidents happen", "[route]") {
  route::Problem p;
  p.shift_start_min = 19 * 60;
  p.shift_len_min = 240;
  p.dwell_min = 15;
  route::Stop s;
  s.value = 10;
  s.share.fill(0);
  s.share[20] = 1.0;                                               // busy from 20:00 to 21:00
  CHECK(route::visit_value(p, s, 0) == 0);                         // 19:00-19:15
  CHECK(route::visit_value(p, s, 60) == Approx(10));               // 20:00-20:15
  CHECK(route::visit_value(p, s, 52.5) == Approx(10 * 7.5 / 15));  // 19:52:30-20:07:30
  int st, len;
  route::parse_shift("20:00-02:00", st, len);
  CHECK(st == 1200);
  CHECK(len == 360);
  CHECK(route::clock(1200, 300) == "01:00:00");
}

TEST_CASE("route: bad input", "[route]") {
  SECTION("no candidates") {
    route::Problem p;
    p.shift_len_min = 60;
    p.travel = {{0}};
    CHECK_THROWS_AS(route::solve(p, {}), Error);
  }
  SECTION("a shift shorter than any visit") {
    auto p = random_problem(1, 5, 1, 10, false);
    try {
      route::solve(p, {});
      FAIL();
    } catch (const Error& e) {
      CHECK(std::string(e.what()).find("no stop can be visited") != std::string::npos);
    }
  }
  SECTION("a must-visit that cannot fit") {
    auto p = random_problem(2, 10, 1, 60, false);
    for (auto& s : p.stops) s.must_visit = true;
    CHECK_THROWS_AS(route::solve(p, {}), Error);
  }
  SECTION("a malformed shift") {
    int a, b;
    CHECK_THROWS_AS(route::parse_shift("19-23", a, b), Error);
    CHECK_THROWS_AS(route::parse_shift("25:00-23:00", a, b), Error);
  }
}

#include "hotspot/route/network.hpp"

TEST_CASE("route.network: Dijkstra on a small graph, snapping", "[route]") {
  // A square 0-1-2-3 with one diagonal 0-2 of length 100 (shorter than 2 x 80 = 160).
  using E = std::tuple<std::int32_t, std::int32_t, double>;
  std::vector<E> e;
  for (auto [a, b, l] :
       std::vector<E>{{0, 1, 80}, {1, 2, 80}, {2, 3, 80}, {3, 0, 80}, {0, 2, 100}}) {
    e.emplace_back(a, b, l);
    e.emplace_back(b, a, l);
  }
  const auto g = route::make_graph({0, 80, 80, 0}, {0, 0, 80, 80}, e);
  std::vector<double> dist;
  std::vector<std::int32_t> prev;
  route::dijkstra(g, 0, dist, prev);
  CHECK(dist[2] == Approx(100));
  CHECK(dist[3] == Approx(80));
  CHECK(route::path_to(prev, 2) == std::vector<std::int32_t>{0, 2});
  const auto [n, d] = route::snap(g, 78, 3);
  CHECK(n == 1);
  CHECK(d == Approx(std::hypot(2.0, 3.0)));
}

TEST_CASE("route.profiles: bucketed hour profiles equal counting every incident for every stop",
          "[route]") {
  std::mt19937_64 g(8);
  std::normal_distribution<double> near(0, 300);
  std::uniform_real_distribution<double> far(-5000, 5000);
  std::uniform_int_distribution<std::int64_t> t(0, 365 * 86400);
  IncidentTable inc;
  for (int i = 0; i < 20000; ++i) {
    const bool clustered = i % 3 != 0;
    inc.push(clustered ? near(g) : far(g), clustered ? near(g) : far(g),
             i % 50 == 0 ? kNoTime : t(g), 0, 1.0, i + 2);
  }
  std::vector<route::Stop> stops(40);
  for (std::size_t k = 0; k < stops.size(); ++k) {
    stops[k].x = k < 30 ? near(g) : far(g) * 2;  // some well outside the incidents
    stops[k].y = k < 30 ? near(g) : far(g) * 2;
  }
  stops[0].x = 150;  // exactly on a circle through an incident
  stops[0].y = 0;
  inc.push(150 + 250, 0, 3600 * 5, 0, 1.0, 99999);  // at distance 250 = the radius: counts
  const double radius = 250;
  route::hour_profiles(inc, radius, stops);
  for (const auto& s : stops) {
    std::array<double, 24> cnt{};
    double n = 0;
    for (std::size_t i = 0; i < inc.size(); ++i) {
      if (inc.time[i] == kNoTime || std::hypot(inc.x[i] - s.x, inc.y[i] - s.y) > radius) continue;
      cnt[static_cast<std::size_t>(civil_from_local_seconds(inc.time[i]).hour)] += 1;
      n += 1;
    }
    double sum = 0;
    for (std::size_t h = 0; h < 24; ++h) {
      CHECK(s.share[h] == Approx((cnt[h] + 1.0 / 24) / (n + 1)).epsilon(1e-12));
      sum += s.share[h];
    }
    CHECK(sum == Approx(1.0));
  }
}

TEST_CASE(
    "route: a visit's value equals the average share over its clock minutes, across hours and "
    "midnight",
    "[route]") {
  // Against integrating the hourly share second by second: visits inside one hour, across
  // several, over midnight and driving past; and a flat share, which prepare() short-cuts.
  std::mt19937 gen(11);
  std::uniform_real_distribution<double> u(0, 1);
  for (int trial = 0; trial < 200; ++trial) {
    route::Problem p;
    p.shift_start_min = static_cast<int>(u(gen) * 1440);
    p.dwell_min = trial % 10 == 0 ? 0 : 1 + u(gen) * (trial % 3 == 0 ? 300 : 40);
    route::Stop s;
    s.value = 1 + 9 * u(gen);
    for (auto& v : s.share) v = u(gen);
    if (trial % 7 == 0) s.share.fill(0.25);
    p.stops = {s};
    const double start = u(gen) * 600;
    double want;
    const double c0 = p.shift_start_min + start;
    if (p.dwell_min == 0) {
      want = s.value * s.share[static_cast<std::size_t>(static_cast<long>(c0 / 60) % 24)];
    } else {
      double acc = 0;
      const int steps = static_cast<int>(p.dwell_min * 60);
      const double h = p.dwell_min / steps;
      for (int k = 0; k < steps; ++k) {
        const double c = c0 + (k + 0.5) * h;
        acc += s.share[static_cast<std::size_t>(static_cast<long>(c / 60) % 24)] * h;
      }
      want = s.value * acc / p.dwell_min;
    }
    const double tol = 1e-3 * s.value;  // the midpoint rule's error at an hour's edge
    CHECK(route::visit_value(p, p.stops[0], start) == Approx(want).margin(tol));
    p.prepare();
    CHECK(p.prepared());
    CHECK(route::visit_value(p, p.stops[0], start) == Approx(want).margin(tol));
    // A flat stop's value changed after prepare() is no longer prepared; an hour-dependent one
    // is valued as it is, whatever prepare() saw.
    p.stops[0].value += 1;
    CHECK(p.prepared() == (trial % 7 != 0));
  }
}

TEST_CASE("route: teams with their own start, end, hours and break find the brute-force optimum",
          "[route]") {
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    auto p = random_problem(seed * 101, 8, 2, 150, seed % 2 == 0);
    // Two extra places after the stops: a second base in one corner, an end in another.
    const std::vector<std::pair<double, double>> extra{{200, 300}, {2300, 2200}};
    const std::size_t n = p.stops.size() + 1;
    auto xy = [&](std::size_t i) -> std::pair<double, double> {
      if (i == 0) return {p.depot_x, p.depot_y};
      if (i < n) return {p.stops[i - 1].x, p.stops[i - 1].y};
      return extra[i - n];
    };
    p.travel.assign(n + extra.size(), std::vector<double>(n + extra.size(), 0));
    for (std::size_t i = 0; i < p.travel.size(); ++i)
      for (std::size_t j = 0; j < p.travel.size(); ++j)
        p.travel[i][j] = std::hypot(xy(i).first - xy(j).first, xy(i).second - xy(j).second) * 1.3 /
                         (5000.0 / 60);
    route::Team a, b;
    a.name = "Noord";  // from the depot to the far corner, the first two hours
    a.start_place = 0;
    a.end_place = static_cast<int>(n + 1);
    a.begin_min = 0;
    a.end_min = 120;
    b.name = "Zuid";  // from the second base and back, half an hour later, with a break
    b.start_place = static_cast<int>(n);
    b.end_place = static_cast<int>(n);
    b.begin_min = 30;
    b.end_min = 150;
    if (seed % 3 == 0) {
      b.break_min = 15;
      b.break_open = 60;
      b.break_close = 90;
    }
    p.team_list = {a, b};
    const auto best = route::brute_force(p);
    route::SolveConfig cfg;
    cfg.iterations = 400;
    cfg.seed = seed;
    const auto s = route::solve(p, cfg);
    INFO("seed " << seed);
    REQUIRE(s.routes.size() == 2);
    CHECK(s.routes[0].team == 0);  // routes[t] is team t's, in the teams' order
    CHECK(s.routes[1].team == 1);
    CHECK(s.value == Approx(best.value).epsilon(1e-9));
    check_constraints(p, s);
    for (const auto& r : s.routes)
      if (!r.visits.empty()) CHECK(r.visits.front().arrive_min >= p.team_list[r.team].begin_min);
  }
}

TEST_CASE("route: the time limit bounds the whole solve", "[route]") {
  // 400 stops, 4 teams and an iteration budget no machine ends in time: the limit ends it.
  auto p = random_problem(77, 400, 4, 240, true);
  route::SolveConfig cfg;
  cfg.iterations = 1L << 40;
  cfg.time_limit_s = 0.3;
  const auto t0 = std::chrono::steady_clock::now();
  const auto s = route::solve(p, cfg);
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  // Checked inside every loop: at most one move's work past the limit, and finishing the plan
  // (about a millisecond here; a sanitizer build is several times slower).
  CHECK(took < 0.3 + 0.25);
  check_constraints(p, s);
  CHECK(s.value > 0);
}
