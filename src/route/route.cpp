#include "hotspot/route/route.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>

#include <fmt/format.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/point_buckets.hpp"

namespace hotspot::route {

void parse_shift(const std::string& s, int& start, int& len) {
  int h1, m1, h2, m2;
  char tail;
  if (std::sscanf(s.c_str(), "%d:%d-%d:%d%c", &h1, &m1, &h2, &m2, &tail) != 4 || h1 < 0 ||
      h1 > 23 || h2 < 0 || h2 > 24 || m1 < 0 || m1 > 59 || m2 < 0 || m2 > 59)
    throw Error(ErrorCode::Usage, fmt::format("--shift '{}' is not HH:MM-HH:MM", s),
                {"", "", "--shift"},
                "write e.g. --shift 18:00-23:00 or --shift 20:00-02:00 (past midnight)");
  start = h1 * 60 + m1;
  const int end = h2 * 60 + m2;
  if (end % 1440 == start)
    throw Error(ErrorCode::Usage, fmt::format("--shift '{}' starts and ends at the same time", s),
                {"", "", "--shift"}, "give the end of the shift, e.g. --shift 19:00-23:00");
  len = end > start ? end - start : end + 1440 - start;
}

std::string clock(int shift_start_min, double minutes_after) {
  const auto total_s =
      static_cast<long>(std::llround((shift_start_min + minutes_after) * 60.0)) % 86400;
  return fmt::format("{:02d}:{:02d}:{:02d}", total_s / 3600, total_s % 3600 / 60, total_s % 60);
}

void hour_profiles(const IncidentTable& inc, double radius_m, std::vector<Stop>& stops) {
  const PointBuckets buckets(inc.x.data(), inc.y.data(), inc.size(), std::max(radius_m, 1.0));
  const double rr = radius_m * radius_m;
  for (auto& s : stops) {
    std::array<double, 24> cnt{};
    double n = 0;
    buckets.query(s.x - radius_m, s.y - radius_m, s.x + radius_m, s.y + radius_m,
                  [&](std::uint32_t i) {
                    const double dx = inc.x[i] - s.x, dy = inc.y[i] - s.y;
                    if (inc.time[i] == kNoTime || dx * dx + dy * dy > rr) return;
                    cnt[static_cast<std::size_t>(civil_from_local_seconds(inc.time[i]).hour)] += 1;
                    n += 1;
                  });
    for (std::size_t h = 0; h < 24; ++h) s.share[h] = (cnt[h] + 1.0 / 24) / (n + 1);
  }
}

std::vector<std::vector<double>> straight_line_matrix(const Problem& p, double speed_kmh,
                                                      double detour) {
  const std::size_t n = p.stops.size() + 1;
  std::vector<std::vector<double>> m(n, std::vector<double>(n, 0.0));
  auto px = [&](std::size_t i) { return i == 0 ? p.depot_x : p.stops[i - 1].x; };
  auto py = [&](std::size_t i) { return i == 0 ? p.depot_y : p.stops[i - 1].y; };
  const double m_per_min = speed_kmh * 1000.0 / 60.0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j)
      m[i][j] = std::hypot(px(i) - px(j), py(i) - py(j)) * detour / m_per_min;
  return m;
}

namespace {
double fixed_value_of(const Stop& s) {
  for (double v : s.share)
    if (v != s.share[0]) return std::numeric_limits<double>::quiet_NaN();
  return s.value * s.share[0];
}
}  // namespace

void Problem::prepare() {
  fixed_value.resize(stops.size());
  for (std::size_t i = 0; i < stops.size(); ++i) fixed_value[i] = fixed_value_of(stops[i]);
}

bool Problem::prepared() const {
  if (fixed_value.size() != stops.size()) return false;
  for (std::size_t i = 0; i < stops.size(); ++i) {
    const double v = fixed_value_of(stops[i]);
    if (!(v == fixed_value[i] || (std::isnan(v) && std::isnan(fixed_value[i])))) return false;
  }
  return true;
}

double visit_value(const Problem& p, const Stop& s, double start) {
  // A stop of p whose value does not depend on the hour (Problem::prepare).
  if (!p.fixed_value.empty() && &s >= p.stops.data() && &s < p.stops.data() + p.stops.size()) {
    const double v = p.fixed_value[static_cast<std::size_t>(&s - p.stops.data())];
    if (!std::isnan(v)) return v;
  }
  // Clock minutes since the shift day's midnight (past 1440 after midnight); hours by floor,
  // so a visit within one clock hour (the usual case) costs one division.
  const double dwell = p.dwell_of(s);
  const double c0 = p.shift_start_min + start;
  const auto hour_of = [](long h) { return static_cast<std::size_t>(((h % 24) + 24) % 24); };
  const auto floor_of = [](double x) {  // std::floor without the library call (x >= 0 here)
    const long t = static_cast<long>(x);
    return static_cast<double>(t) > x ? t - 1 : t;
  };
  const long h0 = floor_of(c0 / 60.0);
  if (!(dwell > 0)) return s.value * s.share[hour_of(h0)];  // driving past: that hour's share
  // Average of the hourly share over [c0, c0 + dwell].
  const double c1 = c0 + dwell;
  const long h1 = std::max(h0, floor_of((c1 - 1e-9) / 60.0));
  if (h1 == h0) return s.value * s.share[hour_of(h0)];
  double acc = s.share[hour_of(h0)] * (60.0 * static_cast<double>(h0 + 1) - c0);
  for (long h = h0 + 1; h < h1; ++h) acc += s.share[hour_of(h)] * 60.0;
  acc += s.share[hour_of(h1)] * (c1 - 60.0 * static_cast<double>(h1));
  return s.value * acc / dwell;
}

TeamSpec Problem::team_spec(int t) const {
  TeamSpec s;
  s.end_by = shift_len_min;
  s.break_min = break_min;
  s.break_open = break_open;
  s.break_close = break_close;
  if (team_list.empty()) return s;
  const Team& tm = team_list[static_cast<std::size_t>(t)];
  s.start = tm.start_place;
  s.end = tm.end_place;
  s.begin = tm.begin_min;
  if (tm.end_min >= 0) s.end_by = tm.end_min;
  if (tm.break_min >= 0) {
    s.break_min = tm.break_min;
    s.break_open = tm.break_open;
    s.break_close = tm.break_close;
  }
  return s;
}

void evaluate(const Problem& p, Route& r) {
  r.visits.clear();
  r.value = 0;
  r.feasible = true;
  r.break_start = -1;
  r.break_before = -1;
  const TeamSpec team = p.team_spec(r.team);
  const bool has_break = team.break_min > 0;
  // The break, when the free stretch from `free_from` to `busy_from` (a visit's start, or the
  // arrival at the end) reaches its opening: it starts at the later of the two and delays
  // what follows; a break that would start after its window closes makes the route infeasible.
  auto take_break = [&](double free_from, double busy_from, std::size_t before) -> bool {
    if (!has_break || r.break_start >= 0 || busy_from <= team.break_open) return false;
    r.break_start = std::max(free_from, team.break_open);
    r.break_before = static_cast<int>(before);
    if (r.break_start > team.break_close + 1e-9) r.feasible = false;
    return true;
  };
  double t = team.begin;
  std::size_t at = static_cast<std::size_t>(team.start);
  for (int s : r.stops) {
    const Stop& st = p.stops[static_cast<std::size_t>(s)];
    double arrive = t + p.travel[at][static_cast<std::size_t>(s + 1)];
    double start = arrive;
    if (st.open_min >= 0) start = std::max(start, static_cast<double>(st.open_min));
    if (take_break(t, start, r.visits.size())) {
      if (r.break_start < arrive) arrive += team.break_min;  // on the way
      start = std::max({arrive, r.break_start + team.break_min,
                        st.open_min >= 0 ? static_cast<double>(st.open_min) : 0.0});
    }
    const double depart = start + p.dwell_of(st);
    if (st.close_min >= 0) {
      const double bound = p.window_bounds_start ? start : depart;
      if (bound > st.close_min + 1e-9) r.feasible = false;
    }
    const double v = visit_value(p, st, start);
    r.visits.push_back({s, arrive, start, depart, v});
    r.value += v;
    t = depart;
    at = static_cast<std::size_t>(s + 1);
  }
  r.end_min = t + p.to_end(at, team);
  if (has_break && r.break_start < 0) {  // not yet: on the way to the end, or there
    r.break_start = std::max(t, team.break_open);
    r.break_before = static_cast<int>(r.visits.size());
    if (r.break_start > team.break_close + 1e-9) r.feasible = false;
    r.end_min =
        r.break_start < r.end_min ? r.end_min + team.break_min : r.break_start + team.break_min;
  }
  if (r.end_min > team.end_by + 1e-9) r.feasible = false;
}

namespace {

constexpr double kMustBonus = 1e9;  // a must-visit outweighs any sum of values

double objective(const Problem& p, const Solution& s) {
  double v = 0;
  for (const auto& r : s.routes) {
    if (!r.feasible) return -1e300;
    v += r.value;
    for (int st : r.stops)
      if (p.stops[static_cast<std::size_t>(st)].must_visit) v += kMustBonus;
  }
  return v;
}

Solution empty_solution(const Problem& p) {
  Solution s;
  s.routes.resize(static_cast<std::size_t>(p.team_count()));
  for (std::size_t t = 0; t < s.routes.size(); ++t) s.routes[t].team = static_cast<int>(t);
  return s;
}

}  // namespace

void finish(const Problem& p, Solution& s) {
  s.value = 0;
  for (auto& r : s.routes) {
    evaluate(p, r);
    s.value += r.value;
  }
  std::vector<bool> seen(p.stops.size(), false);
  for (const auto& r : s.routes)
    for (int st : r.stops) seen[static_cast<std::size_t>(st)] = true;
  s.must_visits_met = true;
  for (std::size_t i = 0; i < p.stops.size(); ++i)
    if (p.stops[i].must_visit && !seen[i]) s.must_visits_met = false;
}

Solution greedy(const Problem& p) {
  if (!p.prepared()) {
    Problem q = p;
    q.prepare();
    return greedy(q);
  }
  Solution s = empty_solution(p);
  std::vector<bool> used(p.stops.size(), false);
  for (auto& r : s.routes) {
    for (;;) {
      int best = -1;
      double bv = 0;
      for (std::size_t i = 0; i < p.stops.size(); ++i) {
        if (used[i]) continue;
        Route t = r;
        t.stops.push_back(static_cast<int>(i));
        evaluate(p, t);
        if (t.feasible && t.visits.back().value > bv) {
          bv = t.visits.back().value;
          best = static_cast<int>(i);
        }
      }
      if (best < 0) break;
      r.stops.push_back(best);
      used[static_cast<std::size_t>(best)] = true;
      evaluate(p, r);
    }
  }
  finish(p, s);
  return s;
}

Solution brute_force(const Problem& p) {
  if (!p.prepared()) {
    Problem q = p;
    q.prepare();
    return brute_force(q);
  }
  const int n = static_cast<int>(p.stops.size());
  const int teams = p.team_count();
  Solution best = empty_solution(p);
  for (auto& r : best.routes) evaluate(p, r);
  double best_obj = objective(p, best);
  // Assign each stop to a team or to nobody (teams + 1)^n, then every order within teams.
  std::vector<int> owner(static_cast<std::size_t>(n), 0);
  std::function<void(int)> assign = [&](int i) {
    if (i == n) {
      Solution s = empty_solution(p);
      for (int k = 0; k < n; ++k)
        if (owner[static_cast<std::size_t>(k)] > 0)
          s.routes[static_cast<std::size_t>(owner[static_cast<std::size_t>(k)] - 1)]
              .stops.push_back(k);
      // Best order per team independently (routes do not interact).
      for (auto& r : s.routes) {
        std::sort(r.stops.begin(), r.stops.end());
        Route bestr;
        bestr.feasible = false;
        double bv = -1;
        do {
          Route t = r;
          evaluate(p, t);
          if (t.feasible && t.value > bv + 1e-12) {
            bv = t.value;
            bestr = t;
          }
        } while (std::next_permutation(r.stops.begin(), r.stops.end()));
        if (!bestr.feasible) return;
        r = bestr;
      }
      const double obj = objective(p, s);
      if (obj > best_obj + 1e-12) {
        best_obj = obj;
        best = s;
      }
      return;
    }
    for (int t = 0; t <= teams; ++t) {
      owner[static_cast<std::size_t>(i)] = t;
      assign(i + 1);
    }
  };
  assign(0);
  finish(p, best);
  return best;
}

}  // namespace hotspot::route
