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

void evaluate(const Problem& p, Route& r) {
  r.visits.clear();
  r.value = 0;
  r.feasible = true;
  r.break_start = -1;
  r.break_before = -1;
  const bool has_break = p.break_min > 0;
  // The break, when the free stretch from `free_from` to `busy_from` (a visit's start, or the
  // arrival at the end) reaches its opening: it starts at the later of the two and delays
  // what follows; a break that would start after its window closes makes the route infeasible.
  auto take_break = [&](double free_from, double busy_from, std::size_t before) -> bool {
    if (!has_break || r.break_start >= 0 || busy_from <= p.break_open) return false;
    r.break_start = std::max(free_from, static_cast<double>(p.break_open));
    r.break_before = static_cast<int>(before);
    if (r.break_start > p.break_close + 1e-9) r.feasible = false;
    return true;
  };
  double t = 0;
  int at = 0;
  for (int s : r.stops) {
    const Stop& st = p.stops[static_cast<std::size_t>(s)];
    double arrive = t + p.travel[static_cast<std::size_t>(at)][static_cast<std::size_t>(s + 1)];
    double start = arrive;
    if (st.open_min >= 0) start = std::max(start, static_cast<double>(st.open_min));
    if (take_break(t, start, r.visits.size())) {
      if (r.break_start < arrive) arrive += p.break_min;  // on the way
      start = std::max({arrive, r.break_start + p.break_min,
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
    at = s + 1;
  }
  r.end_min = t + p.to_end(static_cast<std::size_t>(at));
  if (has_break && r.break_start < 0) {  // not yet: on the way to the end, or there
    r.break_start = std::max(t, static_cast<double>(p.break_open));
    r.break_before = static_cast<int>(r.visits.size());
    if (r.break_start > p.break_close + 1e-9) r.feasible = false;
    r.end_min = r.break_start < r.end_min ? r.end_min + p.break_min : r.break_start + p.break_min;
  }
  if (r.end_min > p.shift_len_min + 1e-9) r.feasible = false;
}

namespace {

struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return n ? static_cast<std::size_t>(next() % n) : 0; }
};

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

/// Best feasible insertion of any unvisited stop; returns false when none fits. With a
/// generator, scores get noise and the criterion varies (value per added minute, or value),
/// so that ruin-and-recreate explores.
/// A route's waiting after each position: wait_after[k] = the waiting (for windows) at visits
/// k.. (an insertion before visit k delays the end by at least its detour minus this).
void waits_after(const Route& r, std::vector<double>& out) {
  out.assign(r.visits.size() + 1, 0.0);
  for (std::size_t k = r.visits.size(); k-- > 0;)
    out[k] = out[k + 1] + (r.visits[k].start_min - r.visits[k].arrive_min);
}

/// True when inserting `stop` at `pos` of `r` cannot keep the route inside the shift: the end
/// moves by at least the detour plus the visit, less the waiting after the insertion that can
/// absorb it (exact without windows; never true for an insertion that fits). Not used with a
/// break, whose start can absorb a delay too.
bool cannot_fit(const Problem& p, const Route& r, const std::vector<double>& wait_after,
                std::size_t pos, int stop) {
  const std::size_t prev = pos == 0 ? 0 : static_cast<std::size_t>(r.stops[pos - 1]) + 1;
  const std::size_t me = static_cast<std::size_t>(stop) + 1;
  // Its window: the earliest arrival (leaving the previous place as now; a break only delays)
  // must still let the visit start (or end) by the close.
  const Stop& st = p.stops[me - 1];
  if (st.close_min >= 0) {
    const double leave = pos == 0 ? 0.0 : r.visits[pos - 1].depart_min;
    const double start =
        std::max(leave + p.travel[prev][me], st.open_min >= 0 ? double(st.open_min) : 0.0);
    if ((p.window_bounds_start ? start : start + p.dwell_of(st)) > st.close_min + 1e-9) return true;
  }
  if (p.break_min > 0) return false;
  double delta;
  if (pos == r.stops.size()) {
    delta = p.travel[prev][me] + p.dwell_of(p.stops[me - 1]) + p.to_end(me) - p.to_end(prev);
  } else {
    const std::size_t next = static_cast<std::size_t>(r.stops[pos]) + 1;
    delta = p.travel[prev][me] + p.dwell_of(p.stops[me - 1]) + p.travel[me][next] -
            p.travel[prev][next];
  }
  return r.end_min + delta - wait_after[pos] > p.shift_len_min + 1e-9;
}

/// A feasible route's slack for insertions (Vansteenwegen et al. 2009's Wait and MaxShift):
/// wait[k] = the waiting before visit k, max_shift[k] = how far visit k's start (k = n: the
/// arrival at the end) can move later without breaking its window, a later one or the shift end.
struct Slack {
  std::vector<double> wait, max_shift;
};

void slack_of(const Problem& p, const Route& r, Slack& out) {
  const std::size_t n = r.visits.size();
  out.wait.assign(n + 1, 0.0);
  out.max_shift.assign(n + 1, 0.0);
  out.max_shift[n] = p.shift_len_min - r.end_min;
  for (std::size_t k = n; k-- > 0;) {
    const Visit& v = r.visits[k];
    out.wait[k] = v.start_min - v.arrive_min;
    double lim = std::numeric_limits<double>::infinity();
    const Stop& st = p.stops[static_cast<std::size_t>(v.stop)];
    if (st.close_min >= 0)
      lim = st.close_min - (p.window_bounds_start ? v.start_min : v.depart_min);
    out.max_shift[k] = std::min(lim, out.wait[k + 1] + out.max_shift[k + 1]);
  }
}

/// Inserting `stop` at `pos` of the evaluated, feasible route `r` of a problem without a break:
/// false when it does not fit (checked in O(1) with the slack); else the value the route gains
/// (the new visit plus the change of the visits it moves, by the hours they now fall in) and
/// the minutes its end moves. Equal to evaluating the new route, without building it.
bool try_insert(const Problem& p, const Route& r, const Slack& sl, std::size_t pos, int stop,
                double& gain, double& extra) {
  const std::size_t n = r.visits.size();
  const std::size_t prev = pos == 0 ? 0 : static_cast<std::size_t>(r.stops[pos - 1]) + 1;
  const std::size_t me = static_cast<std::size_t>(stop) + 1;
  const Stop& st = p.stops[me - 1];
  const double leave = pos == 0 ? 0.0 : r.visits[pos - 1].depart_min;
  const double arrive = leave + p.travel[prev][me];
  const double start = st.open_min >= 0 ? std::max(arrive, double(st.open_min)) : arrive;
  const double depart = start + p.dwell_of(st);
  // Margins half of evaluate()'s, so that an insertion judged to fit always evaluates as fitting.
  if (st.close_min >= 0 && (p.window_bounds_start ? start : depart) > st.close_min + 5e-10)
    return false;
  gain = visit_value(p, st, start);
  if (pos == n) {
    const double end = depart + p.to_end(me);
    if (end > p.shift_len_min + 5e-10) return false;
    extra = end - r.end_min;
    return true;
  }
  const std::size_t next = static_cast<std::size_t>(r.stops[pos]) + 1;
  double d = depart + p.travel[me][next] - r.visits[pos].arrive_min;  // arrival delay
  if (d > sl.wait[pos] + sl.max_shift[pos] + 5e-10) return false;
  for (std::size_t k = pos; k < n && d != 0; ++k) {
    const Visit& v = r.visits[k];
    const Stop& sk = p.stops[static_cast<std::size_t>(v.stop)];
    const double ns =
        sk.open_min >= 0 ? std::max(v.arrive_min + d, double(sk.open_min)) : v.arrive_min + d;
    d = ns - v.start_min;  // the start's (and departure's) delay
    if (d != 0) gain += visit_value(p, sk, ns) - v.value;
  }
  extra = d;
  return true;
}

bool insert_best(const Problem& p, Solution& s, std::vector<bool>& used, Rng* rng = nullptr) {
  const bool by_value = rng && rng->below(2) == 0;
  double best_score = -1;
  int best_stop = -1;
  std::size_t best_route = 0, best_pos = 0;
  Route trial;  // one scratch route: no allocation per trial
  std::vector<std::vector<double>> waits(s.routes.size());
  std::vector<Slack> slack(s.routes.size());
  // Without a break (and on a feasible route) an insertion is judged from the slack alone;
  // with one, by evaluating the new route after the cheap bound.
  std::vector<char> exact(s.routes.size(), 0);
  for (std::size_t r = 0; r < s.routes.size(); ++r) {
    exact[r] = p.break_min <= 0 && s.routes[r].feasible;
    if (exact[r])
      slack_of(p, s.routes[r], slack[r]);
    else
      waits_after(s.routes[r], waits[r]);
  }
  for (std::size_t i = 0; i < p.stops.size(); ++i) {
    if (used[i]) continue;
    const bool must = p.stops[i].must_visit;
    for (std::size_t r = 0; r < s.routes.size(); ++r) {
      Route& route = s.routes[r];
      for (std::size_t pos = 0; pos <= route.stops.size(); ++pos) {
        double gain, extra;
        if (exact[r]) {
          if (!try_insert(p, route, slack[r], pos, static_cast<int>(i), gain, extra)) continue;
        } else {
          if (route.feasible && cannot_fit(p, route, waits[r], pos, static_cast<int>(i))) continue;
          trial.stops.assign(route.stops.begin(), route.stops.end());
          trial.stops.insert(trial.stops.begin() + static_cast<std::ptrdiff_t>(pos),
                             static_cast<int>(i));
          evaluate(p, trial);
          if (!trial.feasible) continue;
          gain = trial.value - route.value;
          extra = trial.end_min - route.end_min;
        }
        if (must) gain += kMustBonus;
        extra = std::max(1e-6, extra);
        double score = by_value ? gain : gain / extra;
        if (rng) score *= 1.0 + 0.5 * static_cast<double>(rng->below(1000)) / 1000.0;
        if (gain > 0 && score > best_score) {
          best_score = score;
          best_stop = static_cast<int>(i);
          best_route = r;
          best_pos = pos;
        }
      }
    }
  }
  if (best_stop < 0) return false;
  auto& rs = s.routes[best_route].stops;
  rs.insert(rs.begin() + static_cast<std::ptrdiff_t>(best_pos), best_stop);
  evaluate(p, s.routes[best_route]);
  used[static_cast<std::size_t>(best_stop)] = true;
  return true;
}

void fill(const Problem& p, Solution& s, Rng* rng = nullptr) {
  std::vector<bool> used(p.stops.size(), false);
  for (const auto& r : s.routes)
    for (int st : r.stops) used[static_cast<std::size_t>(st)] = true;
  while (insert_best(p, s, used, rng)) {
  }
}

/// Intra-route improvement: 2-opt and or-opt, first improvement, until none.
bool improve_route(const Problem& p, Route& r) {
  bool any = false;
  for (bool again = true; again;) {
    again = false;
    const std::size_t n = r.stops.size();
    for (std::size_t i = 0; i + 1 < n && !again; ++i)
      for (std::size_t j = i + 1; j < n && !again; ++j) {
        Route t = r;
        std::reverse(t.stops.begin() + static_cast<std::ptrdiff_t>(i),
                     t.stops.begin() + static_cast<std::ptrdiff_t>(j + 1));
        evaluate(p, t);
        if (t.feasible && (t.value > r.value + 1e-9 ||
                           (t.value > r.value - 1e-9 && t.end_min < r.end_min - 1e-9))) {
          r = std::move(t);
          again = any = true;
        }
      }
    for (std::size_t len = 1; len <= 3 && !again; ++len)
      for (std::size_t i = 0; i + len <= n && !again; ++i)
        for (std::size_t j = 0; j + len <= n && !again; ++j) {
          if (j == i) continue;
          Route t = r;
          std::vector<int> seg(t.stops.begin() + static_cast<std::ptrdiff_t>(i),
                               t.stops.begin() + static_cast<std::ptrdiff_t>(i + len));
          t.stops.erase(t.stops.begin() + static_cast<std::ptrdiff_t>(i),
                        t.stops.begin() + static_cast<std::ptrdiff_t>(i + len));
          t.stops.insert(t.stops.begin() + static_cast<std::ptrdiff_t>(std::min(j, t.stops.size())),
                         seg.begin(), seg.end());
          evaluate(p, t);
          if (t.feasible && (t.value > r.value + 1e-9 ||
                             (t.value > r.value - 1e-9 && t.end_min < r.end_min - 1e-9))) {
            r = std::move(t);
            again = any = true;
          }
        }
  }
  return any;
}

void local_search(const Problem& p, Solution& s) {
  for (bool again = true; again;) {
    again = false;
    for (auto& r : s.routes) again |= improve_route(p, r);
    // Freed time may let more stops in.
    const double before = objective(p, s);
    fill(p, s);
    if (objective(p, s) > before + 1e-9) again = true;
    // Move a stop to the best place in another route when the total gains.
    for (std::size_t a = 0; a < s.routes.size(); ++a)
      for (std::size_t b = 0; b < s.routes.size(); ++b) {
        if (a == b) continue;
        std::vector<double> wait_b;
        Slack slack_b;
        const bool exact = p.break_min <= 0 && s.routes[b].feasible;
        if (exact)
          slack_of(p, s.routes[b], slack_b);
        else
          waits_after(s.routes[b], wait_b);
        Route rb;
        for (std::size_t k = 0; k < s.routes[a].stops.size(); ++k) {
          Route ra = s.routes[a];
          const int stop = ra.stops[k];
          ra.stops.erase(ra.stops.begin() + static_cast<std::ptrdiff_t>(k));
          evaluate(p, ra);
          if (!ra.feasible) continue;
          for (std::size_t pos = 0; pos <= s.routes[b].stops.size(); ++pos) {
            double gain = 0, extra = 0;
            if (exact) {
              if (!try_insert(p, s.routes[b], slack_b, pos, stop, gain, extra)) continue;
              if (!(ra.value + gain > s.routes[a].value + 1e-9)) continue;
            } else if (s.routes[b].feasible && cannot_fit(p, s.routes[b], wait_b, pos, stop)) {
              continue;
            }
            rb.stops.assign(s.routes[b].stops.begin(), s.routes[b].stops.end());
            rb.stops.insert(rb.stops.begin() + static_cast<std::ptrdiff_t>(pos), stop);
            evaluate(p, rb);
            if (rb.feasible && ra.value + rb.value > s.routes[a].value + s.routes[b].value + 1e-9) {
              s.routes[a] = ra;
              s.routes[b] = rb;
              again = true;
              break;
            }
          }
          if (again) break;
        }
      }
    // Swap a visited stop for an unvisited one when that gains value.
    std::vector<bool> used(p.stops.size(), false);
    for (const auto& r : s.routes)
      for (int st : r.stops) used[static_cast<std::size_t>(st)] = true;
    for (auto& r : s.routes)
      for (std::size_t k = 0; k < r.stops.size(); ++k)
        for (std::size_t u = 0; u < p.stops.size(); ++u) {
          if (used[u] || p.stops[static_cast<std::size_t>(r.stops[k])].must_visit) continue;
          Route t = r;
          t.stops[k] = static_cast<int>(u);
          evaluate(p, t);
          if (t.feasible && t.value > r.value + 1e-9) {
            used[static_cast<std::size_t>(r.stops[k])] = false;
            used[u] = true;
            r = std::move(t);
            again = true;
          }
        }
  }
}

}  // namespace

Solution greedy(const Problem& p) {
  if (!p.prepared()) {
    Problem q = p;
    q.prepare();
    return greedy(q);
  }
  Solution s;
  s.routes.resize(static_cast<std::size_t>(p.teams));
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

Solution solve(const Problem& p, const SolveConfig& cfg) {
  if (!p.prepared()) {
    Problem q = p;
    q.prepare();
    return solve(q, cfg);
  }
  if (p.stops.empty())
    throw Error(ErrorCode::EmptyInput, "no candidate stops", {},
                "give a layer of stops (named places, hotspot areas, scored locations)");
  if (p.teams < 1)
    throw Error(ErrorCode::Usage, "at least one team is needed", {"", "", "--teams"});
  // Can any single visit fit the shift?
  bool any = false;
  for (std::size_t i = 0; i < p.stops.size() && !any; ++i) {
    Route t;
    t.stops = {static_cast<int>(i)};
    evaluate(p, t);
    any = t.feasible;
  }
  if (!any)
    throw Error(ErrorCode::Usage,
                fmt::format("no stop can be visited within the {}-minute shift (travel there and "
                            "back plus a {:.0f}-minute visit)",
                            p.shift_len_min, p.dwell_min),
                {"", "", "--shift"},
                "lengthen the shift, shorten --dwell-min, or move the depot closer");
  const auto t0 = std::chrono::steady_clock::now();
  Rng rng{cfg.seed * 0x2545F4914F6CDD1DULL + 7};
  Solution cur;
  cur.routes.resize(static_cast<std::size_t>(p.teams));
  fill(p, cur);
  local_search(p, cur);
  {
    // Never below the greedy baseline: start from it when it is better.
    Solution g = greedy(p);
    local_search(p, g);
    if (objective(p, g) > objective(p, cur)) cur = std::move(g);
  }
  Solution best = cur;
  double best_obj = objective(p, best), cur_obj = best_obj;
  for (long it = 0; it < cfg.iterations; ++it) {
    if ((it & 15) == 0 &&
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() >
            cfg.time_limit_s)
      break;
    // Ruin and recreate: drop a few visits (a random segment or random picks), refill, improve.
    Solution cand = cur;
    const std::size_t total =
        std::accumulate(cand.routes.begin(), cand.routes.end(), std::size_t{0},
                        [](std::size_t a, const Route& r) { return a + r.stops.size(); });
    if (total == 0) break;
    const std::size_t drop =
        1 + rng.below(std::max<std::size_t>(1, std::min<std::size_t>(total, 4 + total / 5)));
    for (std::size_t k = 0; k < drop; ++k) {
      Route& r = cand.routes[rng.below(cand.routes.size())];
      if (r.stops.empty()) continue;
      r.stops.erase(r.stops.begin() + static_cast<std::ptrdiff_t>(rng.below(r.stops.size())));
    }
    for (auto& r : cand.routes) evaluate(p, r);
    // Random order of refilling candidates: shuffle by re-inserting from a random route first.
    if (cand.routes.size() > 1 && rng.below(2))
      std::swap(cand.routes[0], cand.routes[rng.below(cand.routes.size())]);
    fill(p, cand, &rng);
    // A light polish every iteration (routes, then refill); the full neighbourhood
    // (relocations between routes, swaps with unvisited stops) every eighth.
    if ((it & 7) == 7) {
      local_search(p, cand);
    } else {
      for (auto& r : cand.routes) improve_route(p, r);
      fill(p, cand);
    }
    const double obj = objective(p, cand);
    // Accept improvements, and equal or slightly worse ones now and then (to move on).
    if (obj > cur_obj - 1e-9 || rng.below(20) == 0) {
      cur = std::move(cand);
      cur_obj = obj;
    }
    if (cur_obj > best_obj + 1e-9) {
      best = cur;
      best_obj = cur_obj;
    }
  }
  local_search(p, best);
  // Teams in a stable order: by their first stop's index, empty routes last.
  std::stable_sort(best.routes.begin(), best.routes.end(), [](const Route& a, const Route& b) {
    if (a.stops.empty() != b.stops.empty()) return b.stops.empty();
    return !a.stops.empty() && a.stops.front() < b.stops.front();
  });
  finish(p, best);
  if (!best.must_visits_met)
    throw Error(ErrorCode::Usage, "the must-visit stops do not all fit in the shift",
                {"", "", "must_visit"}, "add a team, lengthen the shift, or drop a must-visit");
  return best;
}

Solution brute_force(const Problem& p) {
  if (!p.prepared()) {
    Problem q = p;
    q.prepare();
    return brute_force(q);
  }
  const int n = static_cast<int>(p.stops.size());
  Solution best;
  best.routes.resize(static_cast<std::size_t>(p.teams));
  double best_obj = objective(p, best);
  // Assign each stop to a team or to nobody (teams + 1)^n, then every order within teams.
  std::vector<int> owner(static_cast<std::size_t>(n), 0);
  std::function<void(int)> assign = [&](int i) {
    if (i == n) {
      Solution s;
      s.routes.resize(static_cast<std::size_t>(p.teams));
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
    for (int t = 0; t <= p.teams; ++t) {
      owner[static_cast<std::size_t>(i)] = t;
      assign(i + 1);
    }
  };
  assign(0);
  finish(p, best);
  return best;
}

}  // namespace hotspot::route
