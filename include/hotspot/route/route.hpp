#pragma once
// Flexteam route planning (stage `route.plan`): a team orienteering problem with time
// windows. Pure maths: no I/O.
//
// The model, exactly (the brute-force tests use the same one):
//  * every route leaves the depot at the shift start and reaches the end point (the depot
//    unless `travel_end` is given) by the shift end;
//  * a visit starts at the earliest moment it can (arrival, or the opening of the stop's
//    time window), lasts the stop's `dwell_min` (the problem's when the stop has none; 0 =
//    driving past), and must end by the window's close;
//  * with a break (break_min > 0) the team pauses at the first moment from break_open on
//    that it is not in a visit, which must be by break_close;
//  * travel time between two places is taken from the matrix (straight line x detour /
//    speed, or shortest paths on a road network);
//  * each stop is visited at most once over all teams; must-visit stops are visited;
//  * value of a visit = stop value x the stop's share of incidents in the clock time the
//    visit covers (its hour-of-day profile averaged over the visit), so a square that is
//    busy from 20:00 is worth more after 20:00.
// Search: greedy insertion by value per added minute, then iterated local search (2-opt,
// or-opt moves, swaps between routes, insert/remove, ruin-and-recreate) with a seeded
// generator. The result is reproducible when the iteration budget ends the search; the
// time limit is a safety net.
#include <array>
#include <cstdint>
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

struct Problem {
  std::vector<Stop> stops;
  double depot_x = 0, depot_y = 0;
  int shift_start_min = 0;  ///< clock minute of the shift start (0..1439)
  int shift_len_min = 0;
  int teams = 1;
  double dwell_min = 15;
  /// travel[i][j] in minutes between places: 0 = depot, 1..n = stops.
  std::vector<std::vector<double>> travel;
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
  std::vector<int> stops;
  std::vector<Visit> visits;  ///< filled by evaluate()
  double value = 0;
  double end_min = 0;  ///< at the end point (the depot unless --end)
  bool feasible = true;
  double break_start = -1;  ///< the team's break (minutes after the shift start); -1 = none
  int break_before = -1;    ///< taken before visits[break_before] (== visits.size(): after all)
};

struct Solution {
  std::vector<Route> routes;
  double value = 0;
  bool must_visits_met = true;
};

struct SolveConfig {
  std::uint64_t seed = 1;
  long iterations = 20000;
  double time_limit_s = 10;
};

/// Value of a visit to `s` starting at `start_min` after the shift start.
double visit_value(const Problem& p, const Stop& s, double start_min);
/// Schedule a route: arrivals, visit values, feasibility.
void evaluate(const Problem& p, Route& r);
/// Plan. @throws Error(Usage) when no visit fits the shift, or a must-visit cannot be met.
Solution solve(const Problem& p, const SolveConfig& cfg);
/// The best of all routes by enumeration (for tests; stops <= 9).
Solution brute_force(const Problem& p);
/// Greedy baseline: each team in turn goes to the most valuable reachable stop next.
Solution greedy(const Problem& p);

/// "20:00-02:00" -> start minute and length. @throws Error(Usage)
void parse_shift(const std::string& s, int& start_min, int& len_min);
std::string clock(int shift_start_min, double minutes_after);  ///< "HH:MM:SS"

}  // namespace hotspot::route
