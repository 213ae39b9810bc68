#pragma once
// Published routing benchmarks as route problems (stage `route.benchmark`), so that the solver
// is measured against the literature's best-known values (scripts/bench-route.sh):
//  * Chao, Golden & Wasil (1996) team orienteering problem, sets 4-6 (`p4.2.a.txt` ...): start
//    = first node, end = last node, m paths of length <= Tmax, Euclidean distances, no service
//    time, no windows;
//  * TOPTW pr01-pr20 (Cordeau's instances with time windows): depot = node 0 = start and end,
//    service time d_i, windows [O_i, C_i] on the start of service, Tmax = the depot's C,
//    travel = floor(100 dist) / 100; the number of teams comes from the reference table.
// Scores become stop values collected in full at any hour (no hour profile).
#include <filesystem>
#include <string>

#include "hotspot/route/route.hpp"

namespace hotspot::route {

/// A node as the file gives it (Chao: start first, end last; TOPTW: node 0 is the depot).
struct BenchmarkNode {
  double x = 0, y = 0, service = 0, score = 0, open = 0, close = 0;
};

struct BenchmarkInstance {
  std::string name;  ///< file stem: p4.2.a, pr01
  Problem problem;   ///< times scaled by `scale` so that the budget is a whole number
  double scale = 1;  ///< problem minutes per instance time unit
  bool toptw = false;
  double tmax = 0;                   ///< as in the file
  std::vector<BenchmarkNode> nodes;  ///< as in the file; stop i of the problem is node i + 1
};

/// A plan checked against the instance as published, without the solver's matrix or its
/// evaluate(): Chao paths by their exact Euclidean length against Tmax; TOPTW tours with travel
/// rounded down to the second decimal, waiting, service, windows on the start and the return by
/// Tmax; each customer at most once.
struct BenchmarkCheck {
  bool feasible = true;
  double score = 0;
  std::string why;  ///< the first rule broken
};
BenchmarkCheck check_plan(const BenchmarkInstance& b, const Solution& s);

/// Read a Chao TOP file (m from the file). @throws Error(InputFormat) naming the line.
BenchmarkInstance read_chao(const std::filesystem::path& file);
/// Read a TOPTW prNN file for `teams` teams. @throws Error(InputFormat) naming the line.
BenchmarkInstance read_toptw(const std::filesystem::path& file, int teams);
/// The same from text (tests).
BenchmarkInstance parse_chao(const std::string& text, const std::string& name);
BenchmarkInstance parse_toptw(const std::string& text, const std::string& name, int teams);

}  // namespace hotspot::route
