// hotspot-route-bench: the route solver on one published benchmark instance (scripts/
// bench-route.sh runs it over the sets and compares with the best-known values).
//   hotspot-route-bench chao FILE SECONDS [SEED]
//   hotspot-route-bench toptw FILE TEAMS SECONDS [SEED]
// prints "instance,teams,score,seconds,feasible,iterations": the score and the feasibility as an
// independent check of the plan against the published instance finds them (route::check_plan),
// not as the solver says; the broken rule goes to stderr.
#include <chrono>
#include <cstdio>
#include <string>

#include "hotspot/core/error.hpp"
#include "hotspot/route/benchmark.hpp"

int main(int argc, char** argv) {
  using namespace hotspot;
  try {
    const std::string kind = argc > 1 ? argv[1] : "";
    if ((kind != "chao" || argc < 4) && (kind != "toptw" || argc < 5)) {
      std::fprintf(stderr,
                   "usage: hotspot-route-bench chao FILE SECONDS [SEED] | toptw FILE TEAMS "
                   "SECONDS [SEED]\n");
      return 2;
    }
    const bool chao = kind == "chao";
    const route::BenchmarkInstance b =
        chao ? route::read_chao(argv[2]) : route::read_toptw(argv[2], std::stoi(argv[3]));
    route::SolveConfig cfg;
    cfg.time_limit_s = std::stod(argv[chao ? 3 : 4]);
    cfg.iterations = 0;  // the time ends the search
    cfg.threads = 2;
    const int seed_arg = chao ? 4 : 5;
    cfg.seed = argc > seed_arg ? std::stoull(argv[seed_arg]) : 1;
    const auto t0 = std::chrono::steady_clock::now();
    double score = 0;
    bool feasible = true;
    long iterations = 0;
    try {
      const route::Solution s = route::solve(b.problem, cfg);
      const route::BenchmarkCheck check = route::check_plan(b, s);
      iterations = s.iterations;
      score = check.score;
      feasible = check.feasible;
      if (!feasible) std::fprintf(stderr, "%s: %s\n", b.name.c_str(), check.why.c_str());
    } catch (const Error& e) {  // no customer reachable: the optimum is 0
      if (e.code() != ErrorCode::Usage) throw;
    }
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("%s,%d,%.6g,%.3f,%d,%ld\n", b.name.c_str(), b.problem.teams, score, secs,
                feasible ? 1 : 0, iterations);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "hotspot-route-bench: %s\n", e.what());
    return 1;
  }
}
