// Which method predicts (issue 17): PAI and PEI against a direct count, ties by cell_id,
// and the command's contract.
#include <catch2/catch.hpp>

#include "../../support.hpp"
#include "hotspot/change/evaluate.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/timeutil.hpp"

using namespace hotspot;

TEST_CASE("change.evaluate: hit rate, PAI and PEI of a prediction, counted by hand", "[change][evaluate]") {
  // 10 cells; the prediction ranks cells 3, 1 (tie with 5: cell_id 1 first), 5 ...
  const std::vector<double> pred{0, 4, 0, 9, 0, 4, 0, 0, 1, 0};
  const std::vector<double> next{1, 2, 0, 5, 0, 0, 6, 1, 0, 5};  // N = 20
  // Top 2 cells = {3, 1}: n = 5 + 2 = 7; the best 2 cells hold 6 + 5 = 11.
  const auto r = change::score_prediction(pred, next, 2);
  CHECK(r.area_share == Approx(0.2));
  CHECK(r.hit_rate == Approx(7.0 / 20));
  CHECK(r.pai == Approx((7.0 / 20) / 0.2));
  CHECK(r.pei == Approx(7.0 / 11));
  // A perfect prediction has PEI 1.
  CHECK(change::score_prediction(next, next, 3).pei == Approx(1.0));
}

TEST_CASE("cli.evaluate: one row per method, parameter, period and coverage", "[cli][change][evaluate]") {
  test::TempDir d;
  const std::string inc = "'" + (test::geodata() / "deventer_incidents_synth.csv").string() + "'";
  const auto r = test::run_cli("evaluate --incidents " + inc + " --grid-m 250 --mask '" + (test::geodata() / "deventer_gemeente.geojson").string() +
                               "' --by year --methods counts,kde --coverage 1,5 --out '" + (d / "e.csv").string() + "'");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("predicted the next period best") != std::string::npos);
  const auto rows = test::read_csv(d / "e.csv");
  // 4 predicted years x (counts + 3 bandwidths) x 2 coverages.
  REQUIRE(rows.size() == 4 * 4 * 2);
  CHECK(rows.front().at("method") == "counts");
  CHECK(rows.front().at("period") == "2019");
  for (const auto& row : rows) {
    const double share = std::stod(row.at("area_share")), hit = std::stod(row.at("hit_rate"));
    CHECK(share > 0);
    CHECK(share <= 1);
    CHECK(hit >= 0);
    CHECK(hit <= 1);
    CHECK(std::stod(row.at("pai")) == Approx(hit / share));
    CHECK(std::stod(row.at("pei")) <= 1.0 + 1e-12);
  }
  const auto bad = test::run_cli("evaluate --incidents " + inc + " --grid-m 250 --extent 203500,471000,223000,481750 --methods tarot --out '" +
                                 (d / "x.csv").string() + "'");
  CHECK(bad.exit_code == 2);
}
