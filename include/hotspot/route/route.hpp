#pragma once
// Flexteam route planning (stage `route.plan`): a team orienteering problem with time
// windows. Pure maths: no I/O.
//
// The model, exactly (the brute-force tests use the same one):
//  * every route leaves the depot at the shift start and is back by the shift end;
//  * a visit starts at the earliest moment it can (arrival, or the opening of the stop's
//    time window), lasts `dwell_min`, and must end by the window's close;
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
  double x = 0, y = 0;  ///< working CRS
  double value = 0;
  bool must_visit = false;
  int open_min = -1, close_min = -1;  ///< time window in minutes after the shift start; -1 = none
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
};

/// Each stop's share of incidents per clock hour: the timed incidents within `radius_m` of
/// the stop, plus one pseudo-incident spread over the day (so a stop without incidents is not
/// worth 0): share[h] = (n_h + 1/24) / (n + 1). Incidents are bucketed once
/// (core/point_buckets.hpp), so the cost is the incidents near each stop, not all incidents per
/// stop.
void hour_profiles(const IncidentTable& inc, double radius_m, std::vector<Stop>& stops);

/// Travel minutes by straight line: distance x detour / speed.
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
  double end_min = 0;  ///< back at the depot
  bool feasible = true;
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
