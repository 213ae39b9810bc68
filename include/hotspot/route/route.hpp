#pragma once
// Flexteam route planning (stage `route.plan`): a team orienteering problem with time
// windows. Pure maths: no I/O.
//
// The model, exactly (the brute-force tests use the same one):
//  * every route leaves its team's start (the depot unless --teams-file says otherwise) at the
//    team's shift start and reaches its end (the depot unless `travel_end` or the team's own
//    end is given) by the team's shift end;
//  * a visit starts at the earliest moment it can (arrival, or the opening of the stop's
//    time window), lasts the stop's `dwell_min` (the problem's when the stop has none; 0 =
//    driving past), and must end by the window's close (or start by it: window_bounds_start);
//  * with a break (break_min > 0) the team pauses at the first moment from break_open on
//    that it is not in a visit, which must be by break_close;
//  * travel time between two places is taken from the matrix (straight line x detour /
//    speed, or shortest paths on a road network);
//  * each stop is visited at most once over all teams; must-visit stops are visited;
//  * value of a visit = stop value x the stop's share of incidents in the clock time the
//    visit covers (its hour-of-day profile averaged over the visit), so a square that is
//    busy from 20:00 is worth more after 20:00.
// Search (route/solver.cpp): adaptive large neighbourhood search with simulated annealing on
// two workers (threads), each move checked in O(1) by time-window segment concatenation
// (Vidal et al. 2013), granular neighbourhoods (the nearest stops), a local search of 2-opt,
// or-opt, relocate, swap, 2-opt*, insertion and replacement; seeded, reproducible when the
// iteration budget ends the search; the time limit is a hard wall-clock bound.
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "hotspot/core/incidents.hpp"

namespace hotspot::route {

struct Stop {
  std::string id;
  std::string name;     ///< for people (schedule, GPX): --name-col, else name/naam, else the id
  double x = 0, y = 0;  ///< working CRS
  double value = 0;
  bool must_visit = false;
  int open_min = -1, close_min = -1;  ///< time window in minutes after the shift start; -1 = none
  double dwell_min = -1;              ///< this stop's visit length; < 0 = the problem's
  std::array<double, 24> share{};     ///< share of incidents per clock hour (sums to 1)
};

/// A team with its own start, end and shift (--teams-file).
struct Team {
  std::string name;       ///< for people: the teams file's `team`
  int start_place = 0;    ///< place it leaves from: 0 = the depot, n + 1 + k = extra place k
  int end_place = -1;     ///< place it ends at; -1 = the problem's end (travel_end, else depot)
  double begin_min = 0;   ///< leaves at this minute after the problem's shift start
  double end_min = -1;    ///< must be at its end by then; -1 = the problem's shift end
  double break_min = -1;  ///< its break; -1 = the problem's (break_min, break_open ...)
  double break_open = 0, break_close = 0;
};

/// A team's start, end, shift and break, resolved (Problem::team_spec).
struct TeamSpec {
  int start = 0;      ///< place
  int end = -1;       ///< place; -1 = the problem's end point (travel_end)
  double begin = 0;   ///< minutes after the problem's shift start
  double end_by = 0;  ///< at its end by then
  double break_min = 0, break_open = 0, break_close = 0;
};

struct Problem {
  std::vector<Stop> stops;
  double depot_x = 0, depot_y = 0;
  int shift_start_min = 0;  ///< clock minute of the shift start (0..1439)
  int shift_len_min = 0;
  int teams = 1;
  double dwell_min = 15;
  /// travel[i][j] in minutes between places: 0 = depot, 1..n = stops, n+1.. = extra places
  /// (the teams' own starts and ends).
  std::vector<std::vector<double>> travel;
  /// Teams with their own start, end and shift; empty = `teams` teams alike.
  std::vector<Team> team_list;
  /// Minutes from each place (0 = depot, 1..n = stops) to the end point when the shift ends
  /// elsewhere than it starts (--end); empty = back at the depot.
  std::vector<double> travel_end;
  double end_x = 0, end_y = 0;  ///< the end point (working CRS) when travel_end is given
  /// Time windows bound the whole visit (false: it must end by the close) or only its start
  /// (true: it must start by the close) (--window-bounds end|start).
  bool window_bounds_start = false;
  /// A break per team (--break): `break_min` minutes starting between break_open and
  /// break_close (minutes after the shift start), taken at the first moment from break_open
  /// on that the team is not in a visit: on the way, while waiting, after a visit or at the
  /// end point. break_min 0 = no break.
  double break_min = 0;
  int break_open = 0, break_close = 0;

  /// Per stop, the value of a visit when it does not depend on the hour (a flat share: the
  /// stop's value x that share), else NaN. Filled by prepare(); solve(), greedy() and
  /// brute_force() prepare a copy when it does not match the stops.
  std::vector<double> fixed_value;
  /// Fill fixed_value from the stops (call once the stops are final).
  void prepare();
  /// True when fixed_value matches the stops as they are now.
  bool prepared() const;

  double dwell_of(const Stop& s) const { return s.dwell_min >= 0 ? s.dwell_min : dwell_min; }
  double to_end(std::size_t place) const {
    return travel_end.empty() ? travel[place][0] : travel_end[place];
  }
  int team_count() const { return team_list.empty() ? teams : static_cast<int>(team_list.size()); }
  /// Team t's start, end, shift and break.
  TeamSpec team_spec(int t) const;
  /// Minutes from `place` to team t's end.
  double to_end(std::size_t place, const TeamSpec& t) const {
    return t.end < 0 ? to_end(place) : travel[place][static_cast<std::size_t>(t.end)];
  }
};

/// Each stop's share of incidents per clock hour: the timed incidents within `radius_m` of
/// the stop, plus one pseudo-incident spread over the day (so a stop without incidents is not
/// worth 0): share[h] = (n_h + 1/24) / (n + 1). Incidents are bucketed once
/// (core/point_buckets.hpp), so the cost is the incidents near each stop, not all incidents per
/// stop.
void hour_profiles(const IncidentTable& inc, double radius_m, std::vector<Stop>& stops);

/// Travel minutes by straight line: distance x detour / speed (and to the end point, when
/// `p.travel_end` is to be filled: call with `end` true).
std::vector<std::vector<double>> straight_line_matrix(const Problem& p, double speed_kmh,
                                                      double detour);

struct Visit {
  int stop;           ///< index into stops
  double arrive_min;  ///< minutes after the shift start (arrival at the stop)
  double start_min;   ///< visit start (after waiting for a time window)
  double depart_min;
  double value;
};

struct Route {
  int team = 0;  ///< index of the team (Problem::team_spec)
  std::vector<int> stops;
  std::vector<Visit> visits;  ///< filled by evaluate()
  double value = 0;
  double end_min = 0;  ///< at the team's end point (minutes after the problem's shift start)
  bool feasible = true;
  double break_start = -1;  ///< the team's break (minutes after the shift start); -1 = none
  int break_before = -1;    ///< taken before visits[break_before] (== visits.size(): after all)
};

struct Solution {
  std::vector<Route> routes;
  double value = 0;
  bool must_visits_met = true;
  long iterations = 0;         ///< search iterations done (both workers)
  bool ended_by_time = false;  ///< the time limit, not the iteration budget, ended the search
  double greedy_value = 0;     ///< the greedy baseline's value (solve(); it is the search's floor)
};

struct SolveConfig {
  std::uint64_t seed = 1;
  /// Search iterations over both workers; the result depends only on the seed and this when
  /// they, not the time, end the search. 0 = until the time limit.
  long iterations = 20000;
  double time_limit_s = 10;  ///< a hard bound on the whole of solve()
  unsigned threads = 0;      ///< threads for the two workers (0 = up to two cores)
  /// Called now and then with the share of the budget (iterations or time) used, 0..1.
  std::function<void(double)> progress;
};

/// Value of a visit to `s` starting at `start_min` after the shift start.
double visit_value(const Problem& p, const Stop& s, double start_min);
/// Schedule a route for its team: arrivals, visit values, feasibility.
void evaluate(const Problem& p, Route& r);
/// Evaluate every route, and the solution's value and must-visit flag.
void finish(const Problem& p, Solution& s);
/// Plan: routes[t] is team t's. @throws Error(Usage) when no visit fits a shift, or a
/// must-visit cannot be met.
Solution solve(const Problem& p, const SolveConfig& cfg);
/// The best of all routes by enumeration (for tests; stops <= 9).
Solution brute_force(const Problem& p);
/// Greedy baseline: each team in turn goes to the most valuable reachable stop next.
Solution greedy(const Problem& p);

/// "20:00-02:00" -> start minute and length. @throws Error(Usage)
void parse_shift(const std::string& s, int& start_min, int& len_min);
std::string clock(int shift_start_min, double minutes_after);  ///< "HH:MM:SS"

}  // namespace hotspot::route
