// Sizes, parameters and threads that a hostile user can push (issue 13): refused with the
// documented code before any large allocation or endless loop, never wrapped or aborted.
#include <catch2/catch.hpp>

#include "../stats/grid_units.hpp"

#include <atomic>
#include <chrono>
#include <cmath>
#include <stdexcept>

#include "../../support.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/grid.hpp"
#include "hotspot/core/parallel.hpp"
#include "hotspot/core/paths.hpp"
#include "hotspot/core/timeutil.hpp"
#include "hotspot/crs/transform.hpp"
#include "hotspot/density/kde.hpp"
#include "hotspot/io/incident_reader.hpp"
#include "hotspot/io/toml_file.hpp"
#include "hotspot/score/score.hpp"
#include "hotspot/stats/stats.hpp"
#include "hotspot/synth/synth.hpp"

using namespace hotspot;

namespace {
ErrorCode code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code();
  }
  return ErrorCode::Internal;  // "no error" is a failure for every caller below
}

using test::grid_units;
}  // namespace

TEST_CASE("core.parallel: an exception in a worker reaches the caller, after every worker ended",
          "[core][parallel][hostile]") {
  std::atomic<int> ran{0};
  auto run = [&] {
    parallel_tasks(4, [&](unsigned t) {
      ++ran;
      if (t == 2) throw Error(ErrorCode::InputFormat, "bad polygon in a worker");
    });
  };
  CHECK(code_of(run) == ErrorCode::InputFormat);
  CHECK(ran == 4);
  // parallel_for: ranges cover [0, n) once, and a throwing range is reported too.
  std::vector<int> hit(1000, 0);
  parallel_for(hit.size(), 3, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t i = lo; i < hi; ++i) ++hit[i];
  });
  CHECK(std::all_of(hit.begin(), hit.end(), [](int h) { return h == 1; }));
  CHECK_THROWS_AS(parallel_for(1000, 3,
                               [](std::size_t lo, std::size_t) {
                                 if (lo > 0) throw std::runtime_error("worker");
                               }),
                  std::runtime_error);
}

TEST_CASE("core.grid: sizes are computed before any integer holds them", "[core][grid][hostile]") {
  CHECK(code_of([] { (void)Grid::from_extent(200000, 460000, 220000, 480000, 1e-300); }) ==
        ErrorCode::Resource);
  CHECK(code_of([] { (void)Grid::from_extent(200000, 460000, 220000, 480000, 1e-6); }) ==
        ErrorCode::Resource);
  CHECK(code_of([] { (void)Grid::from_extent(208000, 0, 208004, 4611686018427388928.0, 25); }) ==
        ErrorCode::Resource);
  CHECK(code_of([] { (void)HexGrid::covering(200000, 460000, 220000, 480000, 1e-300); }) ==
        ErrorCode::Resource);
  CHECK(code_of([] { (void)Grid::from_extent(0, 0, HUGE_VAL, 1, 1); }) == ErrorCode::Usage);
  CHECK(code_of([] { (void)Grid::from_extent(0, 0, 1, 1, 0); }) == ErrorCode::Usage);
  const Grid ok = Grid::from_extent(200000, 460000, 215000, 482000, 25);
  CHECK(ok.ncols == 600);
  CHECK(ok.nrows == 880);
}

TEST_CASE("density: memory needs grow with the request and never wrap", "[density][hostile]") {
  density::KdeConfig kc;
  kc.bandwidth_m = 300;
  const Grid g25 = Grid::from_extent(200000, 460000, 220000, 480000, 25);
  const Grid g5 = Grid::from_extent(200000, 460000, 220000, 480000, 5);
  CHECK(density::memory_needed(g5, kc, density::Method::Exact) >
        density::memory_needed(g25, kc, density::Method::Exact));
  // A kernel millions of cells wide has no FFT layout: "infinitely" large, not a wrapped small
  // number.
  kc.bandwidth_m = 1e12;
  CHECK(density::memory_needed(g25, kc, density::Method::Fast) == UINT64_MAX);
}

TEST_CASE("density: bandwidths that cannot draw a surface are refused", "[density][hostile]") {
  const Grid g = Grid::from_extent(200000, 460000, 220000, 480000, 25);
  density::KdeConfig kc;
  for (double h : std::vector<double>{0.0, -5.0, std::nan(""), HUGE_VAL, 1e-9, 10.0, 1e9}) {
    INFO("bandwidth " << h);
    kc.bandwidth_m = h;
    CHECK(code_of([&] { density::check_bandwidth(kc, g); }) == ErrorCode::Usage);
  }
  kc.bandwidth_m = 25;
  CHECK_NOTHROW(density::check_bandwidth(kc, g));
  // Coincident points: no automatic bandwidth.
  std::vector<double> x(10, 208353), y(10, 474975);
  CHECK(code_of([&] {
          (void)density::auto_bandwidth({x.data(), y.data(), nullptr, x.size()});
        }) == ErrorCode::EmptyInput);
}

TEST_CASE("stats: weights under which every unit neighbours every other are refused",
          "[stats][hostile]") {
  const auto u = grid_units(30, 30, 250);
  stats::WeightsSpec w;
  w.kind = stats::WeightKind::Distance;
  w.distance_m = 1e5;  // wider than the 7.5 km grid: every unit in every band
  CHECK(code_of([&] { stats::check_weights(u, w, 1ULL << 40); }) == ErrorCode::Usage);
  w.distance_m = 1e9;  // and a stencil of 5e13 offsets is asked for first
  CHECK(code_of([&] { stats::check_weights(u, w, 1ULL << 40); }) == ErrorCode::Resource);
  w.kind = stats::WeightKind::Knn;
  w.k = 100000;
  CHECK(code_of([&] { stats::check_weights(u, w, 1ULL << 40); }) == ErrorCode::Usage);
  w.k = 8;
  CHECK_NOTHROW(stats::check_weights(u, w, 1ULL << 40));
  // Neighbour lists beyond the memory budget: Resource, with the estimate.
  CHECK(code_of([&] { stats::check_weights(u, w, 1000); }) == ErrorCode::Resource);
  // And through gi_star itself: no NaN z returned as success.
  std::vector<double> x(u.size());
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<double>(i % 7);
  w.kind = stats::WeightKind::Distance;
  w.distance_m = 1e5;
  RunContext ctx;
  CHECK(code_of([&] { (void)stats::gi_star(u, x, w, ctx); }) == ErrorCode::Usage);
}

TEST_CASE("synth: years and sizes are checked before anything is generated", "[synth][hostile]") {
  synth::SynthConfig c;
  c.year_to = 999999;  // about 1e9 rows: refused by size before anything is drawn
  CHECK(code_of([&] { c.validate(1ULL << 34); }) == ErrorCode::Resource);
  c.year_to = 2200;
  CHECK(code_of([&] { c.validate(1ULL << 40); }) == ErrorCode::Usage);
  c.year_to = 2022;
  c.scale = 1e5;
  CHECK(code_of([&] { c.validate(1ULL << 20); }) == ErrorCode::Resource);
  c.scale = 1;
  CHECK_NOTHROW(c.validate(1ULL << 40));
  CHECK(c.expected_rows() > 4000);
}

TEST_CASE("score: weights must be numbers from 0 to 1e12", "[score][hostile]") {
  for (const char* bad : {"nan", "-1", "1e308", "inf"}) {
    INFO(bad);
    test::TempDir d;
    test::spit(d / "s.toml", std::string("[score]\n[score.weights]\nondermijning = ") + bad + "\n");
    score::ScoreConfig sc;
    CHECK(code_of([&] { score::load_score_config((d / "s.toml").string(), sc); }) ==
          ErrorCode::Usage);
  }
}

TEST_CASE("io.toml: every TOML file goes through the text check (was a toml11 overflow)",
          "[io][toml][hostile]") {
  const auto reg = std::filesystem::path(HOTSPOT_SOURCE_DIR) / "tests" / "fuzz" / "regressions" /
                   "pipeline-toml11-overflow.toml";
  score::ScoreConfig sc;
  CHECK(code_of([&] { score::load_score_config(reg.string(), sc); }) == ErrorCode::InputFormat);
  CHECK(io::first_non_text_byte("a = 1\r\nb = 2\n") == std::pair<int, int>{0, 0});
  CHECK(io::first_non_text_byte("a = 1\rb = 2\n") == std::pair<int, int>{1, 6});  // a lone CR
  CHECK(io::first_non_text_byte("a = \"\xC3\xA9\"\n").first == 0);                // é
  CHECK(io::first_non_text_byte("a = \"\xED\xA0\x80\"\n").first == 1);            // a surrogate
  CHECK(io::first_non_text_byte("a = \"\xC3\"").first == 1);                      // cut short
  CHECK(code_of([] { (void)io::read_toml_file("/nonexistent/x.toml", "the file"); }) ==
        ErrorCode::InputMissing);
}

TEST_CASE("crs: an area of use across the antimeridian, and no loose name matching",
          "[crs][hostile]") {
  // NAD27's area runs from 167.65 E across the antimeridian to 47.74 W: North Carolina is in it.
  const auto b = crs::area_of_use_lonlat("EPSG:4267", 0);
  CHECK(b[0] <= -79.0);
  CHECK(b[2] >= -79.0);
  test::TempDir d;
  test::spit(d / "nc.csv", "lon,lat\n-79.0,35.5\n-78.6,35.8\n");
  io::IncidentSourceConfig cfg;
  cfg.path = (d / "nc.csv").string();
  cfg.crs = "EPSG:4267";
  cfg.working_crs = "EPSG:32617";  // UTM 17N, a metric CRS over North Carolina
  IncidentTable t;
  RejectsSink rej;
  RunContext ctx;
  ctx.verbosity = Verbosity::Quiet;
  const auto st = io::read_incidents(cfg, t, rej, ctx);
  CHECK(st.rejected == 0);
  CHECK(t.size() == 2);
  // "foo" once matched "Amersfoort" by a partial name search.
  CHECK_FALSE(crs::is_known("foo"));
  CHECK(crs::is_known("EPSG:28992"));
  CHECK(crs::is_known("WGS 84"));
  CHECK(code_of([] { crs::Transform t2("foo", "EPSG:28992"); }) == ErrorCode::Crs);
}

TEST_CASE("core.time: wall clocks and instants across the DST changes", "[core][time][hostile]") {
  const std::int64_t spring = *parse_iso8601("2022-03-27T00:00:00"),
                     fall = *parse_iso8601("2022-10-30T00:00:00");
  // 01:59 CET is 00:59Z; 03:00 CEST is 01:00Z; the skipped 02:30 reads as 03:30 CEST.
  CHECK(utc_from_local(spring + 1 * 3600 + 59 * 60) == spring + 59 * 60);
  CHECK(utc_from_local(spring + 3 * 3600) == spring + 3600);
  CHECK(utc_from_local(spring + 2 * 3600 + 1800) == spring + 3600 + 1800);
  // 02:30 exists twice in October: the first (summer time) is 00:30Z.
  CHECK(utc_from_local(fall + 2 * 3600 + 1800) == fall + 1800);
  for (std::int64_t u = spring - 7200; u < spring + 7200; u += 600)
    CHECK(utc_from_local(local_from_utc(u)) == u);
}

TEST_CASE("core.paths: an output that is an input, by any name, is refused",
          "[core][paths][hostile]") {
  test::TempDir d;
  test::spit(d / "inc.csv", "x,y\n");
  std::filesystem::create_symlink(d / "inc.csv", d / "link.csv");
  std::filesystem::create_directories(d / "sub");
  auto refused = [&](const std::filesystem::path& out) {
    return code_of([&] {
             check_output_paths({{"--incidents", d / "inc.csv"}}, {{"--out", out}});
           }) == ErrorCode::Usage;
  };
  CHECK(refused(d / "inc.csv"));
  CHECK(refused(d / "sub" / ".." / "inc.csv"));
  CHECK(refused(d / "link.csv"));
  CHECK_FALSE(refused(d / "out.csv"));
  CHECK(code_of([&] {
          check_output_paths({}, {{"--out", d / "a.csv"}, {"--rejects", d / "sub/../a.csv"}});
        }) == ErrorCode::Usage);
  CHECK_NOTHROW(check_output_paths({{"--incidents", "PG:dbname=x"}}, {{"--out", d / "a.csv"}}));
}
