// The route solver (route::solve): adaptive large neighbourhood search with simulated annealing
// for the team orienteering problem with time windows, as in the literature that does best on
// the published instances (Vansteenwegen et al. 2009 for the slack-based insertion, Vidal et al.
// 2013 for O(1) evaluation of any move by concatenating time-window segments, Ropke & Pisinger
// 2006 for the adaptive destroy/repair loop, Lin & Yu 2012 and Gunawan et al. 2017 for annealing
// on the TOPTW).
//
// A route is kept with its schedule (every route leaves at its team's shift start, so each
// prefix has one) and the time-window segments of its tails (duration, time warp, earliest and
// latest start), so that any insertion, removal, 2-opt, or-opt, relocation, swap or tail
// exchange is checked for every window and the shift end in O(1).
// Where a visit's value depends on the hour (the hour profiles) or a team takes a break, the
// segments still rule out what cannot fit (a break only delays), and what can is scheduled
// exactly by route::evaluate.
//
// Two workers search from their own seeds and meet every epoch: a worker that has not improved
// for a while restarts from the better one's best, and the routes they tried are recombined
// (below). They run on two threads where there are two
// cores, and one after the other otherwise, so the plan depends only on the seed and the
// iteration budget, not on the machine. The time limit bounds the whole of solve(): it is
// checked inside every loop.
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <mutex>
#include <memory>
#include <numeric>
#include <tuple>
#include <functional>
#include <unordered_set>
#include <thread>

#include <fmt/format.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/parallel.hpp"
#include "hotspot/route/route.hpp"

namespace hotspot::route {

namespace {

using Clock = std::chrono::steady_clock;
constexpr double kBig = 1e15;
constexpr double kTimeTol = 1e-10;  // time warp the solver allows (evaluate() allows 1e-9)
constexpr double kMustBonus = 1e9;  // a must-visit outweighs any sum of values
constexpr int kWorkers = 2;         // fixed, whatever the core count: plans are reproducible
constexpr long kEpoch = 64;         // iterations of a worker between two meetings
// Tuned on the published TOPTW instances (scripts/bench-route.sh): remove up to 15 % of the
// visits (at least 3, at most 20) per iteration; anneal from a typical visit's value down to a
// tenth of it (hot: the best plan is kept apart, and the pull of a hot search away from a
// local optimum matters more on these instances than settling at the end).
constexpr double kDestroyShare = 0.15;
constexpr std::size_t kDestroyCap = 20;
constexpr double kTempStart = 1.0, kTempEnd = 0.1;

struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return n ? static_cast<std::size_t>(next() % n) : 0; }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
};

// ---------------------------------------------------------------------------------------------
// The instance as the search sees it: stops 0..n-1, then each team's start and end as nodes of
// their own, one flat travel matrix.

struct TeamNodes {
  int s = 0, e = 0;  // nodes
  double t0 = 0, t1 = 0;
  double break_min = 0;
};

struct Inst {
  const Problem* p = nullptr;
  int n = 0, N = 0;
  std::vector<double> dist;  // N x N
  std::vector<double> dwell, open, late, fixed, worth;
  std::vector<char> must, reachable;
  std::vector<TeamNodes> team;
  bool exact_values = true;  // every visit's value is fixed: no schedule needed for it
  bool breaks = false;
  std::vector<std::vector<int>> near;  // per stop: the nearest stops
  std::vector<double> d_in;            // per stop: the shortest travel to it from anywhere
  double tie = 1e-9;                   // weight of route time against value

  double d(int a, int b) const {
    return dist[static_cast<std::size_t>(a) * static_cast<std::size_t>(N) +
                static_cast<std::size_t>(b)];
  }
  bool fast() const { return exact_values && !breaks; }
};

Inst build(const Problem& p) {
  Inst in;
  in.p = &p;
  in.n = static_cast<int>(p.stops.size());
  const int T = p.team_count();
  in.N = in.n + 2 * T;
  const auto N = static_cast<std::size_t>(in.N);
  in.dist.assign(N * N, kBig);
  const auto n = static_cast<std::size_t>(in.n);
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = 0; b < n; ++b) in.dist[a * N + b] = p.travel[a + 1][b + 1];
  for (int t = 0; t < T; ++t) {
    const TeamSpec sp = p.team_spec(t);
    TeamNodes tn;
    tn.s = in.n + 2 * t;
    tn.e = tn.s + 1;
    tn.t0 = sp.begin;
    tn.t1 = sp.end_by;
    tn.break_min = sp.break_min;
    if (sp.break_min > 0) in.breaks = true;
    const auto S = static_cast<std::size_t>(tn.s), E = static_cast<std::size_t>(tn.e);
    const auto start = static_cast<std::size_t>(sp.start);
    for (std::size_t b = 0; b < n; ++b) {
      in.dist[S * N + b] = p.travel[start][b + 1];
      in.dist[b * N + E] = p.to_end(b + 1, sp);
    }
    in.dist[S * N + E] = p.to_end(start, sp);
    in.team.push_back(tn);
  }
  in.dwell.resize(n);
  in.open.resize(n);
  in.late.resize(n);
  in.fixed.resize(n);
  in.worth.resize(n);
  in.must.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Stop& s = p.stops[i];
    in.dwell[i] = p.dwell_of(s);
    in.open[i] = s.open_min >= 0 ? s.open_min : -kBig;
    in.late[i] = s.close_min < 0         ? kBig
                 : p.window_bounds_start ? s.close_min
                                         : s.close_min - in.dwell[i];
    in.fixed[i] = p.fixed_value.size() == n ? p.fixed_value[i] : std::nan("");
    if (std::isnan(in.fixed[i])) in.exact_values = false;
    // What a visit is worth to the search when choosing: the fixed value, or the value at the
    // stop's best hour (an upper bound).
    double best = 0;
    for (double v : s.share) best = std::max(best, v);
    in.worth[i] = std::isnan(in.fixed[i]) ? s.value * best : in.fixed[i];
    in.must[i] = s.must_visit;
  }
  // The nearest stops of each (by the shorter of the two directions).
  const std::size_t K = std::min<std::size_t>(n > 0 ? n - 1 : 0, 16);
  in.near.assign(n, {});
  std::vector<std::pair<double, int>> order;
  for (std::size_t a = 0; a < n; ++a) {
    order.clear();
    for (std::size_t b = 0; b < n; ++b)
      if (b != a)
        order.emplace_back(std::min(in.dist[a * N + b], in.dist[b * N + a]), static_cast<int>(b));
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(K), order.end());
    for (std::size_t k = 0; k < K; ++k) in.near[a].push_back(order[k].second);
  }
  in.d_in.assign(n, kBig);
  for (std::size_t a = 0; a < N; ++a)
    for (std::size_t b = 0; b < n; ++b)
      if (a != b) in.d_in[b] = std::min(in.d_in[b], in.dist[a * N + b]);
  double vmax = 0, tmax = 1;
  for (double w : in.worth) vmax = std::max(vmax, w);
  for (const auto& t : in.team) tmax = std::max(tmax, t.t1 - t.t0);
  // A minute of route time is worth far less than any difference of value worth having.
  in.tie = std::max(vmax, 1e-12) * 1e-9 / (tmax * static_cast<double>(T));
  return in;
}

// ---------------------------------------------------------------------------------------------
// Time-window segments (Vidal, Crainic, Gendreau & Prins 2013): duration D (travel, service and
// waiting), time warp TW (0 when feasible), earliest E and latest L start at the first node.

struct Seg {
  double D = 0, TW = 0, E = -kBig, L = kBig;
  int first = -1, last = -1;  // -1: the empty segment
  bool empty() const { return first < 0; }
};

Seg stop_seg(const Inst& in, int i) {
  const auto u = static_cast<std::size_t>(i);
  return {in.dwell[u], 0, in.open[u], in.late[u], i, i};
}
Seg start_seg(const TeamNodes& t) {
  return {0, 0, t.t0, t.t0, t.s, t.s};
}
Seg end_seg(const TeamNodes& t) {
  return {0, 0, -kBig, t.t1, t.e, t.e};
}

Seg cat(const Inst& in, const Seg& a, const Seg& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  const double delta = a.D - a.TW + in.d(a.last, b.first);
  const double wt = std::max(b.E - delta - a.L, 0.0);
  const double tw = std::max(a.E + delta - b.L, 0.0);
  Seg s;
  s.D = a.D + b.D + in.d(a.last, b.first) + wt;
  s.TW = a.TW + b.TW + tw;
  s.E = std::max(b.E - delta, a.E) - wt;
  s.L = std::min(b.L - delta, a.L) + tw;
  s.first = a.first;
  s.last = b.last;
  return s;
}

// ---------------------------------------------------------------------------------------------
// Routes and solutions.

struct SRoute {
  std::vector<int> seq;
  std::uint64_t version = 0;  // changes with every refresh
  // Every route leaves its start at the team's shift start, so a prefix has one schedule:
  // dep[k] = the departure after the first k visits (dep[0] = the shift start).
  std::vector<double> dep;
  std::vector<Seg> bwd;   // bwd[k] = seq[k..m-1] (stops only; bwd[m] empty)
  std::vector<Seg> tail;  // tail[k] = bwd[k] + the team's end
  double value = 0;       // the visits' values
  int musts = 0;          // must-visit stops on it
  double end = 0;         // arrival at the team's end
};

struct State {
  std::vector<SRoute> r;
  std::vector<int> route_of, pos_of;  // per stop; -1 = not visited
  double value = 0, time = 0;         // sums over routes (time: end - t0)
  // Where the local search found no improving move, by route version: a move is looked at
  // again only when a route it touches changed since, or a stop it takes left a route since.
  static constexpr std::uint64_t kNone = ~std::uint64_t{0};
  std::uint64_t tick = 0;              // counts stops leaving routes
  std::vector<std::uint64_t> left_at;  // per stop: the tick it last left a route
  std::vector<std::uint64_t> inter_ok, insert_ok, replace_ok;  // per route
  std::uint64_t insert_ok_tick = 0, replace_ok_tick = 0;
  int musts = 0;  // must-visits in the plan: they outweigh any value
  double score(const Inst& in) const { return kMustBonus * musts + value - in.tie * time; }
  void unroute(int s) {
    route_of[static_cast<std::size_t>(s)] = -1;
    pos_of[static_cast<std::size_t>(s)] = -1;
    left_at[static_cast<std::size_t>(s)] = ++tick;
  }
  void mark(std::vector<std::uint64_t>& ok) const {
    for (std::size_t t = 0; t < r.size(); ++t) ok[t] = r[t].version;
  }
};

/// The value of a route (with the must bonus) and its arrival at the end, scheduled exactly;
/// false when it breaks a rule.
struct Exact {
  Route scratch;
};

bool schedule(const Inst& in, int team, const std::vector<int>& seq, double& value, double& end,
              Exact& ex) {
  ex.scratch.team = team;
  ex.scratch.stops.assign(seq.begin(), seq.end());
  evaluate(*in.p, ex.scratch);
  if (!ex.scratch.feasible) return false;
  value = ex.scratch.value;
  end = ex.scratch.end_min;
  return true;
}

double fixed_value(const Inst& in, int s) {
  return in.fixed[static_cast<std::size_t>(s)];
}

/// Leaving node `a` at time `tau`, through segment `g` (itself without time warp): the time
/// it leaves g's last node, or kBig when a window or the shift end is missed.
double through(const Inst& in, double tau, int a, const Seg& g) {
  if (g.empty()) return tau;
  const double arrive = tau + in.d(a, g.first);
  if (g.TW > kTimeTol || arrive > g.L + kTimeTol) return kBig;
  return std::max(arrive, g.E) + g.D;
}

int before(const Inst& in, const SRoute& r, int ri, std::size_t k) {
  return k == 0 ? in.team[static_cast<std::size_t>(ri)].s : r.seq[k - 1];
}

void refresh(const Inst& in, State& st, int ri, Exact& ex) {
  SRoute& r = st.r[static_cast<std::size_t>(ri)];
  const TeamNodes& t = in.team[static_cast<std::size_t>(ri)];
  const std::size_t m = r.seq.size();
  ++r.version;
  r.dep.resize(m + 1);
  r.bwd.resize(m + 1);
  r.tail.resize(m + 1);
  r.dep[0] = t.t0;
  for (std::size_t k = 0; k < m; ++k) {
    const auto u = static_cast<std::size_t>(r.seq[k]);
    const double arrive = r.dep[k] + in.d(before(in, r, ri, k), r.seq[k]);
    r.dep[k + 1] = std::max(arrive, in.open[u]) + in.dwell[u];
  }
  r.bwd[m] = Seg{};
  r.tail[m] = end_seg(t);
  for (std::size_t k = m; k-- > 0;) {
    r.bwd[k] = cat(in, stop_seg(in, r.seq[k]), r.bwd[k + 1]);
    r.tail[k] = cat(in, stop_seg(in, r.seq[k]), r.tail[k + 1]);
  }
  st.time -= r.end - t.t0;
  st.value -= r.value;
  if (in.fast()) {
    r.value = 0;
    for (int s : r.seq) r.value += fixed_value(in, s);
    r.end = through(in, r.dep[m], before(in, r, ri, m), end_seg(t));
  } else {
    double v = 0, e = 0;
    if (!schedule(in, ri, r.seq, v, e, ex))  // cannot happen: moves are checked first
      throw Error(ErrorCode::Internal, "route solver: an infeasible route was kept");
    r.value = v;
    r.end = e;
  }
  st.time += r.end - t.t0;
  st.value += r.value;
  st.musts -= r.musts;
  r.musts = 0;
  for (int s : r.seq) r.musts += in.must[static_cast<std::size_t>(s)] ? 1 : 0;
  st.musts += r.musts;
  for (std::size_t k = 0; k < m; ++k) {
    st.route_of[static_cast<std::size_t>(r.seq[k])] = ri;
    st.pos_of[static_cast<std::size_t>(r.seq[k])] = static_cast<int>(k);
  }
}

State empty_state(const Inst& in, Exact& ex) {
  State st;
  st.r.resize(in.team.size());
  st.route_of.assign(static_cast<std::size_t>(in.n), -1);
  st.pos_of.assign(static_cast<std::size_t>(in.n), -1);
  st.left_at.assign(static_cast<std::size_t>(in.n), 0);
  st.inter_ok.assign(in.team.size(), State::kNone);
  st.insert_ok.assign(in.team.size(), State::kNone);
  st.replace_ok.assign(in.team.size(), State::kNone);
  for (std::size_t t = 0; t < in.team.size(); ++t) {
    st.r[t].end = in.team[t].t0;
    refresh(in, st, static_cast<int>(t), ex);
  }
  return st;
}

/// Whether a plan worth `v1` at end time `t1` (summed over the routes it changes) is better than
/// one worth `v0` at `t0`: more value, or as much and less time. The margins (far above rounding
/// noise, far below a real gain) keep a local search from cycling between equal plans.
bool improves(double v1, double t1, double v0, double t0) {
  const double tol = 1e-9 * std::max(1.0, std::abs(v0));
  if (v1 - v0 > tol) return true;
  if (v1 - v0 < -tol) return false;
  return t1 < t0 - 1e-9;
}

/// Judge a new sequence for route `ri` whose arrival at its end is `end` (kBig: it misses a
/// window or the shift end), with the visits' values summing to `fixed_sum` where they are
/// fixed; else it is scheduled exactly (the sequence built on demand by `build`). Returns
/// false when it does not fit; else its value and end.
template <class Build>
bool judge(const Inst& in, int ri, double end_in, double fixed_sum, Build&& build,
           std::vector<int>& buf, Exact& ex, double& value, double& end) {
  if (end_in >= kBig) return false;
  if (in.fast()) {
    value = fixed_sum;
    end = end_in;
    return true;
  }
  buf.clear();
  build(buf);
  return schedule(in, ri, buf, value, end, ex);
}

// ---------------------------------------------------------------------------------------------
// Route recombination (Hu & Lim 2014; the adaptive memory of Amarouche et al. 2020): every route
// a worker's search tries goes into a pool, and now and then the best set of disjoint routes
// in it, one per team, is sought. Routes found in different plans combine into a plan none of
// them was part of. The search for the set is exact within a fixed number of steps, so the plan
// still depends only on the seed and the iterations.

struct PoolRoute {
  int team = 0;  // -1: any team (the teams are alike)
  std::vector<int> seq;
  double score = 0;                 // value + must bonus - tie x time
  std::vector<std::uint64_t> bits;  // the stops it visits
};

class RoutePool {
 public:
  explicit RoutePool(const Inst& in)
      : in_(in), words_((static_cast<std::size_t>(in.n) + 63) / 64) {}
  /// Keep the routes of a plan (new ones only).
  void add(const State& st) {
    for (std::size_t t = 0; t < st.r.size(); ++t) {
      const SRoute& r = st.r[t];
      add(static_cast<int>(t), r.seq,
          kMustBonus * r.musts + r.value - in_.tie * (r.end - in_.team[t].t0));
    }
  }
  void add(int t, const std::vector<int>& seq, double score) {
    if (seq.empty()) return;
    const int team = alike() ? -1 : t;
    std::uint64_t h = 1469598103934665603ULL ^ static_cast<std::uint64_t>(team + 1);
    for (int s : seq) h = (h ^ static_cast<std::uint64_t>(s + 1)) * 1099511628211ULL;
    if (!seen_.insert(h).second) return;
    PoolRoute pr;
    pr.team = team;
    pr.seq = seq;
    pr.score = score;
    pr.bits.assign(words_, 0);
    for (int s : seq) pr.bits[static_cast<std::size_t>(s) / 64] |= 1ULL << (s % 64);
    routes_.push_back(std::move(pr));
    if (routes_.size() > kCap) shrink();
  }
  std::size_t size() const { return routes_.size(); }
  /// The best set of disjoint routes, at most one per team, scoring above `floor`, found within
  /// `budget` search steps: routes by team (team -1: any). Empty when none beats the floor.
  std::vector<const PoolRoute*> best_set(double floor, long budget) const;

 private:
  static constexpr std::size_t kCap = 3000;
  const Inst& in_;
  std::size_t words_;
  std::vector<PoolRoute> routes_;
  std::unordered_set<std::uint64_t> seen_;
  bool alike() const { return in_.p->team_list.empty(); }
  void shrink() {  // keep the better half
    std::stable_sort(routes_.begin(), routes_.end(),
                     [](const PoolRoute& a, const PoolRoute& b) { return a.score > b.score; });
    routes_.resize(kCap / 2);
  }
};

std::vector<const PoolRoute*> RoutePool::best_set(double floor, long budget) const {
  const std::size_t T = in_.team.size();
  // Candidates by score, best first; per team when the teams differ.
  std::vector<const PoolRoute*> order;
  for (const auto& r : routes_) order.push_back(&r);
  std::stable_sort(order.begin(), order.end(),
                   [](const PoolRoute* a, const PoolRoute* b) { return a->score > b->score; });
  std::vector<const PoolRoute*> chosen, best;
  double best_score = floor;
  std::vector<std::uint64_t> used(words_, 0);
  long steps = 0;
  auto disjoint = [&](const PoolRoute* r) {
    for (std::size_t w = 0; w < words_; ++w)
      if (r->bits[w] & used[w]) return false;
    return true;
  };
  auto mark = [&](const PoolRoute* r, bool on) {
    for (std::size_t w = 0; w < words_; ++w)
      used[w] = on ? used[w] | r->bits[w] : used[w] & ~r->bits[w];
  };
  if (alike()) {
    // Choose up to T routes in score order; bound: the next best scores.
    std::function<void(std::size_t, double)> dfs = [&](std::size_t from, double total) {
      if (total > best_score + 1e-9) {
        best_score = total;
        best = chosen;
      }
      if (chosen.size() == T) return;
      for (std::size_t i = from; i < order.size() && steps < budget; ++i) {
        double bound = total;
        for (std::size_t k = 0; k < T - chosen.size() && i + k < order.size(); ++k)
          bound += std::max(0.0, order[i + k]->score);
        if (bound <= best_score + 1e-9) return;  // scores only fall from here
        ++steps;
        if (!disjoint(order[i])) continue;
        chosen.push_back(order[i]);
        mark(order[i], true);
        dfs(i + 1, total + order[i]->score);
        mark(order[i], false);
        chosen.pop_back();
      }
    };
    dfs(0, 0);
  } else {
    // One route (or none) per team, team by team; bound: each later team's best route.
    std::vector<std::vector<const PoolRoute*>> by_team(T);
    for (const auto* r : order) by_team[static_cast<std::size_t>(r->team)].push_back(r);
    std::vector<double> rest(T + 1, 0);
    for (std::size_t t = T; t-- > 0;)
      rest[t] = rest[t + 1] + (by_team[t].empty() ? 0 : std::max(0.0, by_team[t].front()->score));
    std::function<void(std::size_t, double)> dfs = [&](std::size_t t, double total) {
      if (total > best_score + 1e-9) {
        best_score = total;
        best = chosen;
      }
      if (t == T || total + rest[t] <= best_score + 1e-9) return;
      for (const auto* r : by_team[t]) {
        if (steps >= budget || total + r->score + rest[t + 1] <= best_score + 1e-9) break;
        ++steps;
        if (!disjoint(r)) continue;
        chosen.push_back(r);
        mark(r, true);
        dfs(t + 1, total + r->score);
        mark(r, false);
        chosen.pop_back();
      }
      dfs(t + 1, total);  // this team stays home
    };
    dfs(0, 0);
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// The search of one worker.

struct Deadline {
  Clock::time_point at;
  std::atomic<bool>* stop;
  bool passed() const {
    if (stop->load(std::memory_order_relaxed)) return true;
    if (Clock::now() >= at) {
      stop->store(true, std::memory_order_relaxed);
      return true;
    }
    return false;
  }
};

class Worker {
 public:
  Worker(const Inst& in, std::uint64_t seed, const Deadline& dl) : in_(in), rng_{seed}, dl_(dl) {}

  State cur, best;
  long since_best = 0;
  long iterations = 0;
  // Routes of the plans tried since the last meeting, for the route pool: team, stops, score.
  std::vector<std::tuple<int, std::vector<int>, double>> tried;

  void start(const State& from) {
    cur = from;
    best = from;
  }
  State construct() {
    State st = empty_state(in_, ex_);
    insert_all(st, nullptr);
    local_search(st);
    return st;
  }
  void iterate(double temperature);
  void local_search(State& st);

 private:
  const Inst& in_;
  Rng rng_;
  const Deadline& dl_;
  Exact ex_;
  std::vector<int> buf_, buf2_;
  std::array<double, 5> weight_{1, 1, 1, 1, 0.3};  // destroy operators (adaptive)
  std::array<double, 5> gained_{}, used_{};

  void remove_stop(State& st, int s);
  void insert_at(State& st, int s, int ri, int pos);
  bool insert_all(State& st, Rng* noise, const std::vector<char>* tabu = nullptr);
  bool intra(State& st, int ri);
  bool inter(State& st);
  bool replace(State& st);
  void destroy(State& st, int op, std::size_t k, std::vector<char>& removed);
};

void Worker::remove_stop(State& st, int s) {
  const int ri = st.route_of[static_cast<std::size_t>(s)];
  auto& seq = st.r[static_cast<std::size_t>(ri)].seq;
  seq.erase(seq.begin() + st.pos_of[static_cast<std::size_t>(s)]);
  st.unroute(s);
}

void Worker::insert_at(State& st, int s, int ri, int pos) {
  auto& seq = st.r[static_cast<std::size_t>(ri)].seq;
  seq.insert(seq.begin() + pos, s);
  refresh(in_, st, ri, ex_);
}

/// Insert unvisited stops while any fits: each time the best by value per added minute over
/// every stop and place (must-visits first), kept per (stop, route) and recomputed only for the
/// route that changed. With `noise`, the criterion varies (value, value per minute, value^2 per
/// minute) and scores are perturbed, so that repeated repairs explore.
bool Worker::insert_all(State& st, Rng* noise, const std::vector<char>* tabu) {
  const int R = static_cast<int>(st.r.size());
  int mode = 1;
  double jitter = 0;
  if (noise) {
    mode = static_cast<int>(noise->below(3));
    jitter = 0.1 + 0.3 * noise->uniform();
  }
  struct Best {
    double score = -1, value = 0, end = 0;
    int pos = -1;
  };
  std::vector<int> cand;
  for (int s = 0; s < in_.n; ++s)
    if (st.route_of[static_cast<std::size_t>(s)] < 0 &&
        (in_.worth[static_cast<std::size_t>(s)] > 0 || in_.must[static_cast<std::size_t>(s)]) &&
        in_.reachable[static_cast<std::size_t>(s)] &&
        !(tabu && (*tabu)[static_cast<std::size_t>(s)]))
      cand.push_back(s);
  if (cand.empty()) return false;
  std::vector<double> fac(cand.size(), 1.0);
  if (noise)
    for (auto& f : fac) f = 1.0 + jitter * (2 * noise->uniform() - 1);
  std::vector<Best> slot(cand.size() * static_cast<std::size_t>(R));
  auto compute = [&](std::size_t c, int ri) {
    const int s = cand[c];
    const SRoute& r = st.r[static_cast<std::size_t>(ri)];
    Best b;
    const Seg one = stop_seg(in_, s);
    const double gain_fixed = in_.fast() ? fixed_value(in_, s) : 0;
    const double late = in_.late[static_cast<std::size_t>(s)] + kTimeTol,
                 d_in = in_.d_in[static_cast<std::size_t>(s)];
    for (std::size_t p = 0; p <= r.seq.size(); ++p) {
      if (r.dep[p] + d_in > late) break;  // departures only get later along the route
      const double t1 = through(in_, r.dep[p], before(in_, r, ri, p), one);
      if (t1 >= kBig) continue;
      const double end = through(in_, t1, s, r.tail[p]);
      double v, e;
      if (!judge(
              in_, ri, end, r.value + gain_fixed,
              [&](std::vector<int>& b2) {
                b2.assign(r.seq.begin(), r.seq.end());
                b2.insert(b2.begin() + static_cast<std::ptrdiff_t>(p), s);
              },
              buf_, ex_, v, e))
        continue;
      const double gain = v - r.value;
      const bool must = in_.must[static_cast<std::size_t>(s)];
      if (!(gain > 0) && !must) continue;
      const double added = std::max(e - r.end, 0.0) + 1e-3;
      double score = mode == 0 ? gain : mode == 1 ? gain / added : gain * gain / added;
      score *= fac[c];
      if (must) score += kMustBonus * kMustBonus;  // must-visits first
      if (score > b.score) b = {score, v, e, static_cast<int>(p)};
    }
    slot[c * static_cast<std::size_t>(R) + static_cast<std::size_t>(ri)] = b;
  };
  for (std::size_t c = 0; c < cand.size(); ++c)
    for (int ri = 0; ri < R; ++ri) {
      // In the local search, nothing fitted at the last stable point: only changed routes and
      // stops that left a route since are looked at.
      if (!noise &&
          st.r[static_cast<std::size_t>(ri)].version ==
              st.insert_ok[static_cast<std::size_t>(ri)] &&
          st.left_at[static_cast<std::size_t>(cand[c])] <= st.insert_ok_tick)
        continue;
      compute(c, ri);
    }
  std::vector<char> done(cand.size(), 0);
  bool any = false;
  for (;;) {
    if (dl_.passed()) break;
    double top = -1;
    std::size_t bc = 0;
    int br = -1;
    for (std::size_t c = 0; c < cand.size(); ++c) {
      if (done[c]) continue;
      for (int ri = 0; ri < R; ++ri) {
        const Best& b = slot[c * static_cast<std::size_t>(R) + static_cast<std::size_t>(ri)];
        if (b.pos >= 0 && b.score > top) {
          top = b.score;
          bc = c;
          br = ri;
        }
      }
    }
    if (br < 0) break;
    insert_at(st, cand[bc], br,
              slot[bc * static_cast<std::size_t>(R) + static_cast<std::size_t>(br)].pos);
    done[bc] = 1;
    any = true;
    for (std::size_t c = 0; c < cand.size(); ++c)
      if (!done[c]) compute(c, br);
  }
  if (!noise && !dl_.passed()) {
    st.mark(st.insert_ok);
    st.insert_ok_tick = st.tick;
  }
  return any;
}

/// Move seq[i..i+len) to before position p of the sequence as it was (p outside the piece),
/// reversed or not.
void move_piece(std::vector<int>& seq, std::size_t i, std::size_t len, std::size_t p,
                bool reversed) {
  std::vector<int> piece(seq.begin() + static_cast<std::ptrdiff_t>(i),
                         seq.begin() + static_cast<std::ptrdiff_t>(i + len));
  if (reversed) std::reverse(piece.begin(), piece.end());
  seq.erase(seq.begin() + static_cast<std::ptrdiff_t>(i),
            seq.begin() + static_cast<std::ptrdiff_t>(i + len));
  const std::size_t at = p > i ? p - len : p;
  seq.insert(seq.begin() + static_cast<std::ptrdiff_t>(at), piece.begin(), piece.end());
}

/// 2-opt and or-opt (segments of 1-3 stops, also reversed) within a route, first improvement.
bool Worker::intra(State& st, int ri) {
  bool any = false;
  for (bool again = true; again && !dl_.passed();) {
    again = false;
    const SRoute& r = st.r[static_cast<std::size_t>(ri)];
    const std::size_t m = r.seq.size();
    if (m < 2) break;
    auto better = [&](double v, double e) { return improves(v, e, r.value, r.end); };
    // 2-opt: reverse seq[i..j].
    for (std::size_t i = 0; i + 1 < m && !again; ++i) {
      Seg rev = stop_seg(in_, r.seq[i]);
      for (std::size_t j = i + 1; j < m && !again; ++j) {
        rev = cat(in_, stop_seg(in_, r.seq[j]), rev);
        if (rev.TW > kTimeTol) break;  // a reversal that breaks a window only grows
        const double end = through(in_, through(in_, r.dep[i], before(in_, r, ri, i), rev),
                                   r.seq[i], r.tail[j + 1]);
        double v, e;
        if (!judge(
                in_, ri, end, r.value,
                [&](std::vector<int>& b) {
                  b.assign(r.seq.begin(), r.seq.end());
                  std::reverse(b.begin() + static_cast<std::ptrdiff_t>(i),
                               b.begin() + static_cast<std::ptrdiff_t>(j + 1));
                },
                buf_, ex_, v, e))
          continue;
        if (better(v, e)) {
          auto& seq = st.r[static_cast<std::size_t>(ri)].seq;
          std::reverse(seq.begin() + static_cast<std::ptrdiff_t>(i),
                       seq.begin() + static_cast<std::ptrdiff_t>(j + 1));
          refresh(in_, st, ri, ex_);
          again = any = true;
        }
      }
    }
    if (again) continue;
    // or-opt: move seq[i..i+len) to before position p of the rest, as it is or reversed.
    for (std::size_t len = 1; len <= 3 && len < m && !again; ++len)
      for (std::size_t i = 0; i + len <= m && !again; ++i) {
        Seg seg_f, seg_r;
        for (std::size_t k = i; k < i + len; ++k) {
          seg_f = cat(in_, seg_f, stop_seg(in_, r.seq[k]));
          seg_r = cat(in_, stop_seg(in_, r.seq[k]), seg_r);
        }
        auto apply = [&](std::size_t p, bool reversed) {
          move_piece(st.r[static_cast<std::size_t>(ri)].seq, i, len, p, reversed);
          refresh(in_, st, ri, ex_);
          again = any = true;
        };
        auto build = [&](std::size_t p, bool reversed) {
          return [&, p, reversed](std::vector<int>& b) {
            b.assign(r.seq.begin(), r.seq.end());
            move_piece(b, i, len, p, reversed);
          };
        };
        // Later: the piece goes after seq[i+len .. p-1].
        double tau = r.dep[i];
        int at_node = before(in_, r, ri, i);
        for (std::size_t p = i + len + 1; p <= m && !again; ++p) {
          tau = through(in_, tau, at_node, stop_seg(in_, r.seq[p - 1]));
          at_node = r.seq[p - 1];
          if (tau >= kBig) break;
          for (int rv = 0; rv < (len > 1 ? 2 : 1) && !again; ++rv) {
            const Seg& piece = rv ? seg_r : seg_f;
            const double end =
                through(in_, through(in_, tau, at_node, piece), piece.last, r.tail[p]);
            double v, e;
            if (judge(in_, ri, end, r.value, build(p, rv), buf_, ex_, v, e) && better(v, e))
              apply(p, rv);
          }
        }
        // Earlier: the piece goes before seq[p .. i-1].
        Seg mid;
        for (std::size_t p = i; p-- > 0 && !again;) {
          mid = cat(in_, stop_seg(in_, r.seq[p]), mid);
          if (mid.TW > kTimeTol) break;
          for (int rv = 0; rv < (len > 1 ? 2 : 1) && !again; ++rv) {
            const Seg& piece = rv ? seg_r : seg_f;
            const double t1 = through(in_, r.dep[p], before(in_, r, ri, p), piece);
            const double end =
                through(in_, through(in_, t1, piece.last, mid), mid.last, r.tail[i + len]);
            double v, e;
            if (judge(in_, ri, end, r.value, build(p, rv), buf_, ex_, v, e) && better(v, e))
              apply(p, rv);
          }
        }
      }
  }
  return any;
}

/// Between routes, over each stop's nearest stops: relocate a stop next to a neighbour, swap
/// it with one, exchange the tails after them (2-opt*); first improvement of value, then time.
bool Worker::inter(State& st) {
  if (st.r.size() < 2) return false;
  bool any = false;
  for (bool again = true; again && !dl_.passed();) {
    again = false;
    for (int u = 0; u < in_.n && !again; ++u) {
      const int A = st.route_of[static_cast<std::size_t>(u)];
      if (A < 0) continue;
      const std::size_t i = static_cast<std::size_t>(st.pos_of[static_cast<std::size_t>(u)]);
      const SRoute& ra = st.r[static_cast<std::size_t>(A)];
      const double fu = in_.fast() ? fixed_value(in_, u) : 0;
      // A without u.
      const double a_less = through(in_, ra.dep[i], before(in_, ra, A, i), ra.tail[i + 1]);
      auto try_pair = [&](int B, double sa, double va_fixed, double sb, double vb_fixed,
                          auto&& build_a, auto&& build_b, auto&& apply) {
        const SRoute& rb = st.r[static_cast<std::size_t>(B)];
        double v1, e1, v2, e2;
        if (!judge(in_, A, sa, va_fixed, build_a, buf_, ex_, v1, e1)) return false;
        if (!judge(in_, B, sb, vb_fixed, build_b, buf2_, ex_, v2, e2)) return false;
        if (improves(v1 + v2, e1 + e2, ra.value + rb.value, ra.end + rb.end)) {
          apply();
          return true;
        }
        return false;
      };
      auto fresh = [&](int B) {
        return st.r[static_cast<std::size_t>(A)].version !=
                   st.inter_ok[static_cast<std::size_t>(A)] ||
               st.r[static_cast<std::size_t>(B)].version !=
                   st.inter_ok[static_cast<std::size_t>(B)];
      };
      // Into an empty route.
      for (int B = 0; B < static_cast<int>(st.r.size()) && !again; ++B) {
        if (B == A || !st.r[static_cast<std::size_t>(B)].seq.empty() || !fresh(B)) continue;
        const SRoute& rb = st.r[static_cast<std::size_t>(B)];
        const double sb = through(
            in_, through(in_, rb.dep[0], before(in_, rb, B, 0), stop_seg(in_, u)), u, rb.tail[0]);
        if (try_pair(
                B, a_less, ra.value - fu, sb, fu,
                [&](std::vector<int>& b) {
                  b.assign(ra.seq.begin(), ra.seq.end());
                  b.erase(b.begin() + static_cast<std::ptrdiff_t>(i));
                },
                [&](std::vector<int>& b) { b.assign(1, u); },
                [&] {
                  remove_stop(st, u);
                  refresh(in_, st, A, ex_);
                  insert_at(st, u, B, 0);
                }))
          again = any = true;
      }
      for (int v : in_.near[static_cast<std::size_t>(u)]) {
        if (again) break;
        const int B = st.route_of[static_cast<std::size_t>(v)];
        if (B < 0 || B == A || !fresh(B)) continue;
        const std::size_t j = static_cast<std::size_t>(st.pos_of[static_cast<std::size_t>(v)]);
        const SRoute& rb = st.r[static_cast<std::size_t>(B)];
        const double fv = in_.fast() ? fixed_value(in_, v) : 0;
        const Seg su = stop_seg(in_, u), sv = stop_seg(in_, v);
        // Relocate u before or after v.
        for (std::size_t at : {j, j + 1}) {
          if (again) break;
          const double sb =
              through(in_, through(in_, rb.dep[at], before(in_, rb, B, at), su), u, rb.tail[at]);
          if (try_pair(
                  B, a_less, ra.value - fu, sb, rb.value + fu,
                  [&](std::vector<int>& b) {
                    b.assign(ra.seq.begin(), ra.seq.end());
                    b.erase(b.begin() + static_cast<std::ptrdiff_t>(i));
                  },
                  [&](std::vector<int>& b) {
                    b.assign(rb.seq.begin(), rb.seq.end());
                    b.insert(b.begin() + static_cast<std::ptrdiff_t>(at), u);
                  },
                  [&] {
                    remove_stop(st, u);
                    refresh(in_, st, A, ex_);
                    insert_at(st, u, B, static_cast<int>(at));
                  }))
            again = any = true;
        }
        if (again) break;
        // Swap u and v.
        {
          const double sa =
              through(in_, through(in_, ra.dep[i], before(in_, ra, A, i), sv), v, ra.tail[i + 1]);
          const double sb =
              through(in_, through(in_, rb.dep[j], before(in_, rb, B, j), su), u, rb.tail[j + 1]);
          if (try_pair(
                  B, sa, ra.value - fu + fv, sb, rb.value - fv + fu,
                  [&](std::vector<int>& b) {
                    b.assign(ra.seq.begin(), ra.seq.end());
                    b[i] = v;
                  },
                  [&](std::vector<int>& b) {
                    b.assign(rb.seq.begin(), rb.seq.end());
                    b[j] = u;
                  },
                  [&] {
                    st.r[static_cast<std::size_t>(A)].seq[i] = v;
                    st.r[static_cast<std::size_t>(B)].seq[j] = u;
                    refresh(in_, st, A, ex_);
                    refresh(in_, st, B, ex_);
                  }))
            again = any = true;
        }
        if (again) break;
        // 2-opt*: A keeps seq[..i] and takes B's tail from v; B keeps seq[..j-1] and takes A's
        // tail after u.
        {
          double tail_a = 0, tail_b = 0;
          if (in_.fast()) {
            for (std::size_t k = i + 1; k < ra.seq.size(); ++k)
              tail_a += fixed_value(in_, ra.seq[k]);
            for (std::size_t k = j; k < rb.seq.size(); ++k) tail_b += fixed_value(in_, rb.seq[k]);
          }
          const Seg ea = end_seg(in_.team[static_cast<std::size_t>(A)]),
                    eb = end_seg(in_.team[static_cast<std::size_t>(B)]);
          const Seg& tb = rb.bwd[j];
          const Seg& ta = ra.bwd[i + 1];
          const double sa =
              through(in_, through(in_, ra.dep[i + 1], u, tb), tb.empty() ? u : tb.last, ea);
          const int bj = before(in_, rb, B, j);
          const double sb =
              through(in_, through(in_, rb.dep[j], bj, ta), ta.empty() ? bj : ta.last, eb);
          auto na = [&](std::vector<int>& b) {
            b.assign(ra.seq.begin(), ra.seq.begin() + static_cast<std::ptrdiff_t>(i + 1));
            b.insert(b.end(), rb.seq.begin() + static_cast<std::ptrdiff_t>(j), rb.seq.end());
          };
          auto nb = [&](std::vector<int>& b) {
            b.assign(rb.seq.begin(), rb.seq.begin() + static_cast<std::ptrdiff_t>(j));
            b.insert(b.end(), ra.seq.begin() + static_cast<std::ptrdiff_t>(i + 1), ra.seq.end());
          };
          if (try_pair(B, sa, ra.value - tail_a + tail_b, sb, rb.value - tail_b + tail_a, na, nb,
                       [&] {
                         std::vector<int> a2, b2;
                         na(a2);
                         nb(b2);
                         st.r[static_cast<std::size_t>(A)].seq = std::move(a2);
                         st.r[static_cast<std::size_t>(B)].seq = std::move(b2);
                         refresh(in_, st, A, ex_);
                         refresh(in_, st, B, ex_);
                       }))
            again = any = true;
        }
      }
    }
  }
  if (!dl_.passed()) st.mark(st.inter_ok);
  return any;
}

/// A visited stop for a nearby unvisited one that is worth more, in its place.
bool Worker::replace(State& st) {
  bool any = false;
  for (bool again = true; again && !dl_.passed();) {
    again = false;
    double best_gain = -kBig;
    int bu = -1, bv = -1;
    std::size_t bpos = 0;
    for (int v = 0; v < in_.n; ++v) {
      const int A = st.route_of[static_cast<std::size_t>(v)];
      if (A < 0 || in_.must[static_cast<std::size_t>(v)]) continue;
      const std::size_t i = static_cast<std::size_t>(st.pos_of[static_cast<std::size_t>(v)]);
      const SRoute& ra = st.r[static_cast<std::size_t>(A)];
      const bool same = ra.version == st.replace_ok[static_cast<std::size_t>(A)];
      for (int u : in_.near[static_cast<std::size_t>(v)]) {
        if (st.route_of[static_cast<std::size_t>(u)] >= 0 ||
            !in_.reachable[static_cast<std::size_t>(u)] ||
            in_.worth[static_cast<std::size_t>(u)] <= 0)
          continue;
        if (same && st.left_at[static_cast<std::size_t>(u)] <= st.replace_ok_tick) continue;
        if (in_.fast()) {  // worth less, or no more than the best found: not looked at
          const double dv = fixed_value(in_, u) - fixed_value(in_, v);
          if (dv < 0 || dv + 1e-9 < best_gain) continue;
        }
        // u in v's place.
        const double end =
            through(in_, through(in_, ra.dep[i], before(in_, ra, A, i), stop_seg(in_, u)), u,
                    ra.tail[i + 1]);
        double val, e;
        if (!judge(
                in_, A, end, ra.value - fixed_value(in_, v) + fixed_value(in_, u),
                [&](std::vector<int>& b) {
                  b.assign(ra.seq.begin(), ra.seq.end());
                  b[i] = u;
                },
                buf_, ex_, val, e))
          continue;
        // More value, or as much in less time; the best by value, then by time.
        if (!improves(val, e, ra.value, ra.end)) continue;
        const double gain = (val - ra.value) - in_.tie * (e - ra.end);
        if (gain > best_gain) {
          best_gain = gain;
          bu = u;
          bv = v;
          bpos = i;
        }
      }
    }
    if (bu >= 0) {
      const int A = st.route_of[static_cast<std::size_t>(bv)];
      st.r[static_cast<std::size_t>(A)].seq[bpos] = bu;
      st.unroute(bv);
      refresh(in_, st, A, ex_);
      again = any = true;
    }
  }
  if (!dl_.passed()) {
    st.mark(st.replace_ok);
    st.replace_ok_tick = st.tick;
  }
  return any;
}

void Worker::local_search(State& st) {
  // Routes already at their intra-route optimum since their last change are skipped.
  std::vector<std::uint64_t> polished(st.r.size(), ~std::uint64_t{0});
  for (int round = 0; round < 50 && !dl_.passed(); ++round) {
    bool changed = false;
    for (int ri = 0; ri < static_cast<int>(st.r.size()); ++ri) {
      if (polished[static_cast<std::size_t>(ri)] == st.r[static_cast<std::size_t>(ri)].version)
        continue;
      changed |= intra(st, ri);
      polished[static_cast<std::size_t>(ri)] = st.r[static_cast<std::size_t>(ri)].version;
    }
    changed |= inter(st);
    changed |= insert_all(st, nullptr);
    changed |= replace(st);
    if (!changed) break;
  }
}

/// Remove k visits (not must-visits) by operator op: 0 random, 1 a run of consecutive visits,
/// 2 related (a stop and its nearest visited ones), 3 worst (least value per minute it costs),
/// 4 a whole route.
void Worker::destroy(State& st, int op, std::size_t k, std::vector<char>& removed) {
  std::vector<int> visited;
  for (int s = 0; s < in_.n; ++s)
    if (st.route_of[static_cast<std::size_t>(s)] >= 0 && !in_.must[static_cast<std::size_t>(s)])
      visited.push_back(s);
  if (visited.empty()) return;
  k = std::min(k, visited.size());
  std::vector<int> out;
  switch (op) {
    case 0: {
      for (std::size_t t = 0; t < k; ++t) {
        const std::size_t c = t + rng_.below(visited.size() - t);
        std::swap(visited[t], visited[c]);
        out.push_back(visited[t]);
      }
      break;
    }
    case 1: {
      const int s0 = visited[rng_.below(visited.size())];
      const auto& seq =
          st.r[static_cast<std::size_t>(st.route_of[static_cast<std::size_t>(s0)])].seq;
      const std::size_t p0 = static_cast<std::size_t>(st.pos_of[static_cast<std::size_t>(s0)]);
      const std::size_t from = p0 >= k / 2 ? p0 - k / 2 : 0;
      for (std::size_t p = from; p < seq.size() && out.size() < k; ++p)
        if (!in_.must[static_cast<std::size_t>(seq[p])]) out.push_back(seq[p]);
      break;
    }
    case 2: {
      const int s0 = visited[rng_.below(visited.size())];
      std::vector<std::pair<double, int>> by;
      for (int s : visited)
        by.emplace_back(std::min(in_.d(s0, s), in_.d(s, s0)) * (0.8 + 0.4 * rng_.uniform()), s);
      std::partial_sort(by.begin(), by.begin() + static_cast<std::ptrdiff_t>(k), by.end());
      for (std::size_t t = 0; t < k; ++t) out.push_back(by[t].second);
      break;
    }
    case 3: {
      std::vector<std::pair<double, int>> by;
      for (int s : visited) {
        const SRoute& r = st.r[static_cast<std::size_t>(st.route_of[static_cast<std::size_t>(s)])];
        const std::size_t i = static_cast<std::size_t>(st.pos_of[static_cast<std::size_t>(s)]);
        const int prev =
            i == 0 ? in_.team[static_cast<std::size_t>(st.route_of[static_cast<std::size_t>(s)])].s
                   : r.seq[i - 1];
        const int next =
            i + 1 == r.seq.size()
                ? in_.team[static_cast<std::size_t>(st.route_of[static_cast<std::size_t>(s)])].e
                : r.seq[i + 1];
        const double saved = in_.d(prev, s) + in_.dwell[static_cast<std::size_t>(s)] +
                             in_.d(s, next) - in_.d(prev, next) + 1e-3;
        const double ratio = in_.worth[static_cast<std::size_t>(s)] / saved;
        by.emplace_back(ratio * std::pow(rng_.uniform() + 1e-12, 0.25), s);
      }
      std::partial_sort(by.begin(), by.begin() + static_cast<std::ptrdiff_t>(k), by.end());
      for (std::size_t t = 0; t < k; ++t) out.push_back(by[t].second);
      break;
    }
    default: {
      const std::size_t ri = rng_.below(st.r.size());
      for (int s : st.r[ri].seq)
        if (!in_.must[static_cast<std::size_t>(s)]) out.push_back(s);
      break;
    }
  }
  std::vector<char> touched(st.r.size(), 0);
  for (int s : out) {
    removed[static_cast<std::size_t>(s)] = 1;
    touched[static_cast<std::size_t>(st.route_of[static_cast<std::size_t>(s)])] = 1;
    const int ri = st.route_of[static_cast<std::size_t>(s)];
    auto& seq = st.r[static_cast<std::size_t>(ri)].seq;
    seq.erase(std::find(seq.begin(), seq.end(), s));
    st.unroute(s);
  }
  for (std::size_t ri = 0; ri < st.r.size(); ++ri)
    if (touched[ri]) refresh(in_, st, static_cast<int>(ri), ex_);
}

void Worker::iterate(double temperature) {
  ++iterations;
  State cand = cur;
  std::size_t visited = 0;
  for (const auto& r : cand.r) visited += r.seq.size();
  // How much to remove.
  const std::size_t kmax = std::max<std::size_t>(
      3, std::min<std::size_t>(
             kDestroyCap, static_cast<std::size_t>(kDestroyShare * static_cast<double>(visited))));
  const std::size_t k = 1 + rng_.below(kmax);
  // The destroy operator by its weight.
  double total = 0;
  const std::size_t ops = cand.r.size() > 1 ? weight_.size() : weight_.size() - 1;
  for (std::size_t o = 0; o < ops; ++o) total += weight_[o];
  double pick = rng_.uniform() * total;
  int op = 0;
  for (std::size_t o = 0; o < ops; ++o) {
    if (pick < weight_[o]) {
      op = static_cast<int>(o);
      break;
    }
    pick -= weight_[o];
    op = static_cast<int>(o);
  }
  // The removed stops sit out the repair (else it rebuilds what was there); the local search
  // may take them back.
  std::vector<char> removed(static_cast<std::size_t>(in_.n), 0);
  destroy(cand, op, k, removed);
  insert_all(cand, &rng_, &removed);
  local_search(cand);
  const double sc = cand.score(in_), cs = cur.score(in_), bs = best.score(in_);
  for (std::size_t t = 0; t < cand.r.size(); ++t)
    if (cand.r[t].version != cur.r[t].version || cand.r[t].seq != cur.r[t].seq)
      tried.emplace_back(static_cast<int>(t), cand.r[t].seq,
                         kMustBonus * cand.r[t].musts + cand.r[t].value -
                             in_.tie * (cand.r[t].end - in_.team[t].t0));

  double reward = 0;
  if (sc > bs + 1e-9) {
    reward = 3;
  } else if (sc > cs + 1e-9) {
    reward = 1;
  }
  const bool accept =
      sc >= cs - 1e-12 || (temperature > 0 && rng_.uniform() < std::exp((sc - cs) / temperature));
  if (accept) {
    if (reward == 0) reward = 0.3;
    cur = std::move(cand);
  }
  gained_[static_cast<std::size_t>(op)] += reward;
  used_[static_cast<std::size_t>(op)] += 1;
  if (cur.score(in_) > bs + 1e-9) {
    best = cur;
    since_best = 0;
  } else {
    ++since_best;
  }
  // Adapt the operator weights now and then (reaction 0.2).
  double n_used = 0;
  for (double u : used_) n_used += u;
  if (n_used >= 50) {
    for (std::size_t o = 0; o < weight_.size(); ++o) {
      if (used_[o] > 0) weight_[o] = std::max(0.05, 0.8 * weight_[o] + 0.2 * gained_[o] / used_[o]);
      gained_[o] = used_[o] = 0;
    }
  }
}

Solution to_solution(const Problem& p, const State& st) {
  Solution s;
  s.routes.resize(st.r.size());
  for (std::size_t t = 0; t < st.r.size(); ++t) {
    s.routes[t].team = static_cast<int>(t);
    s.routes[t].stops = st.r[t].seq;
  }
  finish(p, s);
  return s;
}

}  // namespace

Solution solve(const Problem& p_in, const SolveConfig& cfg) {
  if (!p_in.prepared()) {
    Problem q = p_in;
    q.prepare();
    return solve(q, cfg);
  }
  const Problem& p = p_in;
  const auto t_begin = Clock::now();
  if (p.stops.empty())
    throw Error(ErrorCode::EmptyInput, "no candidate stops", {},
                "give a layer of stops (named places, hotspot areas, scored locations)");
  if (p.team_count() < 1)
    throw Error(ErrorCode::Usage, "at least one team is needed", {"", "", "--teams"});
  Inst in = build(p);
  // Stops no team can visit on its own are left out of the search.
  in.reachable.assign(static_cast<std::size_t>(in.n), 0);
  bool any = false;
  {
    Route t;
    for (int s = 0; s < in.n; ++s)
      for (int team = 0; team < p.team_count() && !in.reachable[static_cast<std::size_t>(s)];
           ++team) {
        t.team = team;
        t.stops = {s};
        evaluate(p, t);
        if (t.feasible) in.reachable[static_cast<std::size_t>(s)] = 1;
      }
    for (char r : in.reachable) any = any || r;
  }
  if (!any)
    throw Error(ErrorCode::Usage,
                fmt::format("no stop can be visited within the {}-minute shift (travel there and "
                            "back plus a {:.0f}-minute visit)",
                            p.shift_len_min, p.dwell_min),
                {"", "", "--shift"},
                "lengthen the shift, shorten --dwell-min, or move the depot closer");
  for (int s = 0; s < in.n; ++s)
    if (in.must[static_cast<std::size_t>(s)] && !in.reachable[static_cast<std::size_t>(s)])
      throw Error(ErrorCode::Usage,
                  fmt::format("the must-visit stop '{}' cannot be reached within any team's shift",
                              p.stops[static_cast<std::size_t>(s)].id),
                  {"", "", "must_visit"}, "add a team, lengthen the shift, or drop the must-visit");

  std::atomic<bool> stop{false};
  const auto limit = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(std::max(0.0, cfg.time_limit_s)));
  const Deadline dl{t_begin + limit, &stop};
  const bool by_time = cfg.iterations <= 0 || cfg.iterations >= (1L << 40);
  double baseline = 0;
  const long per_worker =
      by_time ? std::numeric_limits<long>::max() / 4 : std::max(1L, cfg.iterations / kWorkers);

  std::vector<std::unique_ptr<Worker>> workers;
  for (int w = 0; w < kWorkers; ++w)
    workers.push_back(std::make_unique<Worker>(
        in, cfg.seed * 0x2545F4914F6CDD1DULL + 7 + 0x9E3779B97F4A7C15ULL * static_cast<unsigned>(w),
        dl));
  // Start: each worker's own construction; the greedy baseline as a floor.
  {
    State first = workers[0]->construct();
    Solution g = greedy(p);
    baseline = g.value;
    {
      Exact ex;
      State gs = empty_state(in, ex);
      for (std::size_t t = 0; t < g.routes.size(); ++t) gs.r[t].seq = g.routes[t].stops;
      bool ok = true;
      for (std::size_t t = 0; t < g.routes.size(); ++t) {
        const Seg full = [&] {
          Seg sg = start_seg(in.team[t]);
          for (int s : gs.r[t].seq) sg = cat(in, sg, stop_seg(in, s));
          return cat(in, sg, end_seg(in.team[t]));
        }();
        if (full.TW > kTimeTol) ok = false;
      }
      if (ok) {
        for (std::size_t t = 0; t < g.routes.size(); ++t) refresh(in, gs, static_cast<int>(t), ex);
        workers[0]->local_search(gs);
        if (gs.score(in) > first.score(in)) first = std::move(gs);
      }
    }
    for (auto& w : workers) w->start(first);
  }
  // Annealing: the temperature falls geometrically over the iterations (or the time, when the
  // time is the budget).
  double typical = 0;
  {
    std::size_t k = 0;
    for (int s = 0; s < in.n; ++s)
      if (in.reachable[static_cast<std::size_t>(s)] && in.worth[static_cast<std::size_t>(s)] > 0) {
        typical += in.worth[static_cast<std::size_t>(s)];
        ++k;
      }
    typical = k ? typical / static_cast<double>(k) : 1;
  }
  const double t0 = kTempStart * typical, t_end = kTempEnd * typical;
  auto temperature = [&](long it) {
    double f;
    if (by_time) {
      const double el = std::chrono::duration<double>(Clock::now() - t_begin).count();
      f = cfg.time_limit_s > 0 ? std::min(1.0, el / cfg.time_limit_s) : 1.0;
    } else {
      f = std::min(1.0, static_cast<double>(it) / static_cast<double>(per_worker));
    }
    return t0 * std::pow(t_end / t0, f);
  };

  // Epochs: every worker runs kEpoch iterations, then they meet.
  long done = 0, meetings = 0;
  RoutePool pool(in);
  for (auto& w : workers) pool.add(w->best);
  const unsigned threads = std::min<unsigned>(
      kWorkers, cfg.threads ? cfg.threads : std::max(1u, std::thread::hardware_concurrency()));
  auto run_epoch = [&](int w, long from, long to) {
    Worker& wk = *workers[static_cast<std::size_t>(w)];
    for (long it = from; it < to && !dl.passed(); ++it) wk.iterate(temperature(it));
  };
  while (done < per_worker && !dl.passed()) {
    const long to = std::min(per_worker, done + kEpoch);
    if (threads >= 2) {
      parallel_tasks(kWorkers, [&](unsigned w) { run_epoch(static_cast<int>(w), done, to); });
    } else {
      for (int w = 0; w < kWorkers; ++w) run_epoch(w, done, to);
    }
    done = to;
    // Meet: the routes tried since go into the pool, in the workers' order; every fourth meeting
    // the best set of its routes is sought, and a plan better than any found is polished, kept
    // as the best, and taken up by one worker (in turn; the other keeps its own way).
    for (auto& w : workers) {
      for (const auto& [t, seq, score] : w->tried) pool.add(t, seq, score);
      w->tried.clear();
    }
    if (++meetings % 4 == 0 && !dl.passed()) {
      int lead0 = 0;
      for (int w = 1; w < kWorkers; ++w)
        if (workers[static_cast<std::size_t>(w)]->best.score(in) >
            workers[static_cast<std::size_t>(lead0)]->best.score(in) + 1e-9)
          lead0 = w;
      const State& top = workers[static_cast<std::size_t>(lead0)]->best;
      const auto set = pool.best_set(top.score(in), 200000);
      if (!set.empty()) {
        Exact ex;
        State st = empty_state(in, ex);
        std::vector<char> taken(in.team.size(), 0);
        for (const auto* r : set) {
          std::size_t t = 0;
          if (r->team >= 0) {
            t = static_cast<std::size_t>(r->team);
          } else {
            while (taken[t]) ++t;
          }
          taken[t] = 1;
          st.r[t].seq = r->seq;
          refresh(in, st, static_cast<int>(t), ex);
        }
        workers[0]->local_search(st);
        if (st.score(in) > top.score(in) + 1e-9) {
          for (auto& w : workers) w->best = st;
          workers[static_cast<std::size_t>(meetings / 4 % kWorkers)]->cur = st;
        }
      }
    }
    if (cfg.progress)
      cfg.progress(
          by_time ? std::min(1.0, std::chrono::duration<double>(Clock::now() - t_begin).count() /
                                      std::max(cfg.time_limit_s, 1e-9))
                  : static_cast<double>(done) / static_cast<double>(per_worker));
    // A worker stuck for a while takes up the best so far.
    int lead = 0;
    for (int w = 1; w < kWorkers; ++w)
      if (workers[static_cast<std::size_t>(w)]->best.score(in) >
          workers[static_cast<std::size_t>(lead)]->best.score(in) + 1e-9)
        lead = w;
    for (int w = 0; w < kWorkers; ++w) {
      Worker& wk = *workers[static_cast<std::size_t>(w)];
      if (w != lead && wk.since_best > 4 * kEpoch) {
        wk.cur = workers[static_cast<std::size_t>(lead)]->best;
        wk.best = wk.cur;
        wk.since_best = 0;
      }
    }
  }
  int lead = 0;
  for (int w = 1; w < kWorkers; ++w)
    if (workers[static_cast<std::size_t>(w)]->best.score(in) >
        workers[static_cast<std::size_t>(lead)]->best.score(in) + 1e-9)
      lead = w;
  Solution best = to_solution(p, workers[static_cast<std::size_t>(lead)]->best);
  for (const auto& w : workers) best.iterations += w->iterations;
  best.greedy_value = baseline;
  best.ended_by_time = dl.passed();
  // Identical teams in a stable order: by their first stop's index, empty routes last.
  if (p.team_list.empty()) {
    std::stable_sort(best.routes.begin(), best.routes.end(), [](const Route& a, const Route& b) {
      if (a.stops.empty() != b.stops.empty()) return b.stops.empty();
      return !a.stops.empty() && a.stops.front() < b.stops.front();
    });
    for (std::size_t t = 0; t < best.routes.size(); ++t) best.routes[t].team = static_cast<int>(t);
  }
  for (const auto& r : best.routes)
    if (!r.feasible)
      throw Error(ErrorCode::Internal,
                  "route solver: a planned route breaks a rule (please report this with the "
                  "stops and options)");
  if (!best.must_visits_met)
    throw Error(ErrorCode::Usage, "the must-visit stops do not all fit in the shift",
                {"", "", "must_visit"}, "add a team, lengthen the shift, or drop a must-visit");
  return best;
}

}  // namespace hotspot::route
