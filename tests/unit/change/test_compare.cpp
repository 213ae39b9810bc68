// Year against year (issue 17, compare): the exact test against R's poisson.test, periods,
// Benjamini-Hochberg and the classes, and the command's contract columns.
#include <catch2/catch.hpp>

#include "../../support.hpp"
#include "hotspot/change/compare.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/timeutil.hpp"

using namespace hotspot;

TEST_CASE("change.compare: p equals R's poisson.test(c(n_b, n_a)) to 1e-12", "[change]") {
  // References: binom.test(n_b, n_a + n_b, 0.5)$p.value, computed exactly with rationals
  // (Python fractions: 2 * sum C(n, j) / 2^n over the upper tail); R prints the same digits.
  const std::vector<std::tuple<int, int, double>> ref{
      {10, 20, 0.09873714670538902},        {0, 5, 0.0625}, {3, 3, 1.0},
      {845, 744, 0.01209584877286513},      {1, 0, 1.0},    {120, 80, 0.0056851559967503055},
      {3262, 2900, 4.2234068089057664e-06}, {0, 0, 1.0},    {7, 2, 0.1796875}};
  for (const auto& [a, b, p] : ref) {
    INFO(a << " vs " << b);
    CHECK(change::poisson_equal_exposure_p(a, b) == Approx(p).epsilon(1e-12));
    CHECK(change::poisson_equal_exposure_p(b, a) == Approx(p).epsilon(1e-12));  // symmetric
  }
}

TEST_CASE("change.compare: periods are years, months or inclusive date ranges", "[change]") {
  const auto y = change::parse_period("2022", "--period-a");
  CHECK(y.from == *parse_iso8601("2022-01-01"));
  CHECK(y.to == *parse_iso8601("2023-01-01"));
  const auto m = change::parse_period("2024-02", "--period-a");
  CHECK(m.to - m.from == 29 * 86400);
  const auto r = change::parse_period("2022-01-01..2022-06-30", "--period-a");
  CHECK(r.to == *parse_iso8601("2022-07-01"));
  for (const char* bad : {"22", "2022-13", "2022-06-30..2022-01-01", "gisteren", "2022-1"}) {
    INFO(bad);
    CHECK_THROWS_AS(change::parse_period(bad, "--period-a"), Error);
  }
  change::CompareConfig c;
  c.a = change::parse_period("2022", "a");
  c.b = change::parse_period("2022-03", "b");
  CHECK_THROWS_AS(c.validate(), Error);  // overlapping, and a year against a month
  c.a = change::parse_period("2020", "a");
  c.b = change::parse_period("2021", "b");
  CHECK_NOTHROW(c.validate());  // 366 against 365 days is a year against a year
}

TEST_CASE("cli.compare: per area and per category, with the contract's columns", "[cli][change]") {
  test::TempDir d;
  // Two squares; A: 2 -> 30 incidents (a significant increase), B: 5 -> 5.
  std::string csv = "x,y,category,timestamp\n";
  auto add = [&](double x, const char* cat, const char* t, int n) {
    for (int i = 0; i < n; ++i) csv += fmt::format("{},{},{},{}\n", x, 474000 + i, cat, t);
  };
  add(208050, "drugs", "2021-05-01T10:00:00", 2);
  add(208050, "drugs", "2022-05-01T10:00:00", 30);
  add(208150, "overval", "2021-05-01T10:00:00", 5);
  add(208150, "overval", "2022-05-01T10:00:00", 5);
  add(208150, "overval", "2019-05-01T10:00:00", 3);  // in neither period
  test::spit(d / "i.csv", csv);
  test::spit(
      d / "a.geojson",
      R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[
{"type":"Feature","properties":{"naam":"A"},"geometry":{"type":"Polygon","coordinates":[[[208000,473900],[208100,473900],[208100,474100],[208000,474100],[208000,473900]]]}},
{"type":"Feature","properties":{"naam":"B"},"geometry":{"type":"Polygon","coordinates":[[[208100,473900],[208200,473900],[208200,474100],[208100,474100],[208100,473900]]]}},
{"type":"Feature","properties":{"naam":"C"},"geometry":{"type":"Polygon","coordinates":[[[209000,473900],[209100,473900],[209100,474100],[209000,474100],[209000,473900]]]}}]})");
  const auto r =
      test::run_cli("compare --internal --areas '" + (d / "a.geojson").string() +
                    "' --incidents '" + (d / "i.csv").string() +
                    "' --period-a 2021 --period-b 2022 --out '" + (d / "c.csv").string() + "'");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("read 45, joined 42, outside 3, rejected 0, filtered 0") != std::string::npos);
  CHECK(r.err.find("drugs: 2 in 2021, 30 in 2022 (+1400.0 %") != std::string::npos);
  CHECK(r.err.find("significant increase in A") != std::string::npos);
  const auto rows = test::read_csv(d / "c.csv");
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].at("naam") == "A");
  CHECK(rows[0].at("n_a") == "2");
  CHECK(rows[0].at("n_b") == "30");
  CHECK(rows[0].at("change") == "28");
  CHECK(std::stod(rows[0].at("change_pct")) == Approx(1400));
  CHECK(std::stod(rows[0].at("p")) ==
        Approx(change::poisson_equal_exposure_p(2, 30)).epsilon(1e-12));
  CHECK(rows[0].at("class") == "increase");
  CHECK(rows[1].at("class") == "no_change");
  CHECK(rows[1].at("p") == "1");
  CHECK(rows[2].at("n_a") == "0");
  CHECK(rows[2].at("change_pct").empty());  // empty when n_a = 0
  CHECK(rows[2].at("p") == "1");            // 0/0 areas have p = 1
  // BH over all three areas: p_fdr(A) = p(A) * 3 / 1.
  CHECK(std::stod(rows[0].at("p_fdr")) ==
        Approx(std::min(1.0, 3 * change::poisson_equal_exposure_p(2, 30))).epsilon(1e-12));
  const auto sum = test::read_csv(d / "c.summary.csv");
  REQUIRE(sum.size() == 3);
  CHECK(sum[0].at("category") == "all");
  CHECK(sum[0].at("n_a") == "7");
  CHECK(sum[0].at("n_b") == "35");
  CHECK(sum[1].at("category") == "drugs");
  CHECK(sum[2].at("change") == "0");
  CHECK(sum[2].at("change_pct") == "0");
}

TEST_CASE("cli.stats: area values (--value-col), weighted incidents and rates (--per-col)",
          "[cli][stats][change]") {
  test::TempDir d;
  const std::string wijken = "'" + (test::geodata() / "deventer_wijken.geojson").string() + "'";
  const std::string inc = "'" + (test::geodata() / "deventer_incidents_synth.csv").string() + "'";
  // The counts as an area attribute (a figure from another source) give the same statistic.
  REQUIRE(test::run_cli("join --internal --areas " + wijken + " --incidents " + inc + " --out '" +
                        (d / "w.geojson").string() + "'")
              .exit_code == 0);
  const auto a =
      test::run_cli("stats --internal --areas " + wijken + " --incidents " + inc +
                    " --method gistar --weights queen --out '" + (d / "a.csv").string() + "'");
  const auto b = test::run_cli("stats --internal --areas '" + (d / "w.geojson").string() +
                               "' --value-col n_incidents --method gistar --weights queen --out '" +
                               (d / "b.csv").string() + "'");
  INFO(a.err << b.err);
  REQUIRE(a.exit_code == 0);
  REQUIRE(b.exit_code == 0);
  CHECK(b.err.find("read ") == std::string::npos);  // no incidents read, no incident line
  const auto ra = test::read_csv(d / "a.csv"), rb = test::read_csv(d / "b.csv");
  REQUIRE(ra.size() == rb.size());
  for (std::size_t i = 0; i < ra.size(); ++i) {
    CHECK(rb[i].at("value") == ra[i].at("count"));
    CHECK(std::stod(rb[i].at("gi_z")) == Approx(std::stod(ra[i].at("gi_z"))).epsilon(1e-12));
  }
  // Weighted incidents (every weight 2): the values double, the z stays (Gi* is scale-free).
  std::string csv = test::slurp(test::geodata() / "deventer_incidents_synth.csv");
  std::string out;
  bool header = true;
  for (std::size_t p = 0, q; p < csv.size(); p = q + 1) {
    q = csv.find('\n', p);
    if (q == std::string::npos) q = csv.size();
    if (q > p) out += csv.substr(p, q - p) + (header ? ",w\n" : ",2\n");
    header = false;
  }
  test::spit(d / "w2.csv", out);
  const auto w = test::run_cli(
      "stats --internal --areas " + wijken + " --incidents '" + (d / "w2.csv").string() +
      "' --weight-col w --method gistar --weights queen --out '" + (d / "w.csv").string() + "'");
  INFO(w.err);
  REQUIRE(w.exit_code == 0);
  const auto rw = test::read_csv(d / "w.csv");
  for (std::size_t i = 0; i < ra.size(); ++i) {
    CHECK(std::stod(rw[i].at("count")) == Approx(2 * std::stod(ra[i].at("count"))));
    CHECK(std::stod(rw[i].at("gi_z")) == Approx(std::stod(ra[i].at("gi_z"))).epsilon(1e-12));
  }
  // Rates per 1,000 residents.
  const auto r =
      test::run_cli("stats --internal --areas " + wijken + " --incidents " + inc +
                    " --per-col aantal_inwoners --method gistar --weights queen --out '" +
                    (d / "r.csv").string() + "'");
  REQUIRE(r.exit_code == 0);
  const auto rr = test::read_csv(d / "r.csv");
  for (std::size_t i = 0; i < ra.size(); ++i)
    CHECK(std::stod(rr[i].at("rate_per_1000")) ==
          Approx(1000 * std::stod(ra[i].at("count")) / std::stod(ra[i].at("aantal_inwoners"))));
  const auto bad = test::run_cli("stats --internal --areas " + wijken +
                                 " --value-col nope --method gistar --weights queen --out '" +
                                 (d / "x.csv").string() + "'");
  CHECK(bad.exit_code == 4);
}

TEST_CASE("cli.compare: two columns of counts on the areas (open data), suppressed ones left empty",
          "[cli][change]") {
  test::TempDir d;
  test::spit(
      d / "a.geojson",
      R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[
{"type":"Feature","properties":{"naam":"A","m_2022":10,"m_2023":30},"geometry":{"type":"Polygon","coordinates":[[[208000,473900],[208100,473900],[208100,474100],[208000,474100],[208000,473900]]]}},
{"type":"Feature","properties":{"naam":"B","m_2022":5,"m_2023":null},"geometry":{"type":"Polygon","coordinates":[[[208100,473900],[208200,473900],[208200,474100],[208100,474100],[208100,473900]]]}},
{"type":"Feature","properties":{"naam":"C","m_2022":4,"m_2023":4},"geometry":{"type":"Polygon","coordinates":[[[209000,473900],[209100,473900],[209100,474100],[209000,474100],[209000,473900]]]}}]})");
  const auto r =
      test::run_cli("compare --areas '" + (d / "a.geojson").string() +
                    "' --value-a m_2022 --value-b m_2023 --out '" + (d / "c.csv").string() + "'");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto rows = test::read_csv(d / "c.csv");
  REQUIRE(rows.size() == 3);
  CHECK(std::stod(rows[0].at("p")) ==
        Approx(change::poisson_equal_exposure_p(10, 30)).epsilon(1e-12));
  // BH over the two areas with both figures: p_fdr(A) = min(1, p * 2 / 1).
  CHECK(std::stod(rows[0].at("p_fdr")) ==
        Approx(std::min(1.0, 2 * change::poisson_equal_exposure_p(10, 30))).epsilon(1e-12));
  CHECK(rows[1].at("n_a").empty());  // suppressed: no figure, no class
  CHECK(rows[1].at("class").empty());
  CHECK(rows[2].at("class") == "no_change");
  const auto bad = test::run_cli("compare --areas '" + (d / "a.geojson").string() +
                                 "' --value-a m_2022 --out '" + (d / "x.csv").string() + "'");
  CHECK(bad.exit_code == 2);
}

TEST_CASE("cli.join: weighted incidents per area (w_incidents) and --per-col for the rate",
          "[cli][join][change]") {
  test::TempDir d;
  test::spit(d / "w.csv", "x,y,w\n208353,474975,2.5\n208353,474975,1\n215000,478000,4\n");
  const auto r = test::run_cli(
      "join --internal --areas '" + (test::geodata() / "deventer_wijken.geojson").string() +
      "' --incidents '" + (d / "w.csv").string() +
      "' --weight-col w --per-col aantal_inwoners --out '" + (d / "j.csv").string() + "'");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  double w = 0, n = 0;
  for (const auto& row : test::read_csv(d / "j.csv")) {
    w += std::stod(row.at("w_incidents"));
    n += std::stod(row.at("n_incidents"));
    if (std::stod(row.at("n_incidents")) > 0)
      CHECK(std::stod(row.at("rate_per_1000")) ==
            Approx(1000 * std::stod(row.at("n_incidents")) / std::stod(row.at("aantal_inwoners"))));
  }
  CHECK(w == Approx(7.5));
  CHECK(n == 3);
}
