// Which method predicts (issue 17): PAI and PEI against a direct count, ties by cell_id,
// and the command's contract.
#include <catch2/catch.hpp>

#include "../../support.hpp"
#include "hotspot/change/evaluate.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/timeutil.hpp"
#include "hotspot/io/gdal_handles.hpp"

#include <gdal_priv.h>

using namespace hotspot;

TEST_CASE("change.evaluate: hit rate, PAI and PEI of a prediction, counted by hand",
          "[change][evaluate]") {
  // 10 cells; the prediction ranks cells 3, 1 (tie with 5: cell_id 1 first), 5 ...
  const std::vector<double> pred{0, 4, 0, 9, 0, 4, 0, 0, 1, 0};
  const std::vector<double> next{1, 2, 0, 5, 0, 0, 6, 1, 0, 5};  // N = 20
  // Top 2 cells = {3, 1}: n = 5 + 2 = 7; the best 2 cells hold 6 + 5 = 11.
  const auto r = change::score_prediction(pred, next, 2);
  CHECK(r.area_share == Approx(0.2));
  CHECK(r.hit_rate == Approx(7.0 / 20));
  CHECK(r.pai == Approx((7.0 / 20) / 0.2));
  CHECK(r.pei == Approx(7.0 / 11));
  // RRI: the same cells held 4 + 0 of 10 the period before: (7 / 4) / (20 / 10).
  const std::vector<double> before{1, 0, 0, 4, 0, 0, 0, 0, 5, 0};
  CHECK(change::score_prediction(pred, next, 2, &before).rri == Approx((7.0 / 4) / (20.0 / 10)));
  // A perfect prediction has PEI 1.
  CHECK(change::score_prediction(next, next, 3).pei == Approx(1.0));
}

TEST_CASE("cli.evaluate: one row per method, parameter, period and coverage",
          "[cli][change][evaluate]") {
  test::TempDir d;
  const std::string inc = "'" + (test::geodata() / "deventer_incidents_synth.csv").string() + "'";
  const auto r = test::run_cli("evaluate --internal --incidents " + inc + " --grid-m 250 --mask '" +
                               (test::geodata() / "deventer_gemeente.geojson").string() +
                               "' --by year --methods counts,kde --coverage 1,5 --out '" +
                               (d / "e.csv").string() + "'");
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
  const auto bad =
      test::run_cli("evaluate --internal --incidents " + inc +
                    " --grid-m 250 --extent 203500,471000,223000,481750 --methods tarot --out '" +
                    (d / "x.csv").string() + "'");
  CHECK(bad.exit_code == 2);
}

TEST_CASE(
    "cli.chart: the charts' numbers equal the join's per wijk and year, and the PNGs are drawn",
    "[cli][change][chart]") {
  test::TempDir d;
  const std::string inc = "'" + (test::geodata() / "deventer_incidents_synth.csv").string() + "'";
  const std::string wijken = "'" + (test::geodata() / "deventer_wijken.geojson").string() + "'";
  const auto r = test::run_cli("chart --internal --incidents " + inc + " --areas " + wijken +
                               " --by year --out '" + (d / "ch").string() + "'");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  REQUIRE(test::run_cli("join --internal --areas " + wijken + " --incidents " + inc +
                        " --by year --out '" + (d / "j.csv").string() + "'")
              .exit_code == 0);
  std::map<std::pair<std::string, std::string>, double> per_year;  // (wijk, year) -> n
  for (const auto& row : test::read_csv(d / "ch" / "series.csv"))
    if (row.at("area") != "gemeente")
      per_year[{row.at("area"), row.at("period")}] += std::stod(row.at("n"));
  for (const auto& row : test::read_csv(d / "j.csv"))
    for (const char* y : {"2018", "2019", "2020", "2021", "2022"}) {
      INFO(row.at("wijknaam") << " " << y);
      CHECK(per_year[{row.at("wijknaam"), y}] == std::stod(row.at(std::string("n_") + y)));
    }
  hotspot::io::ensure_gdal();
  hotspot::io::DatasetPtr png(
      GDALDataset::Open((d / "ch" / "categories.png").c_str(), GDAL_OF_RASTER));
  REQUIRE(png);
  CHECK(png->GetRasterXSize() == 1200);
  CHECK(png->GetRasterYSize() == 700);
  // Some pixels are neither white nor grey: the lines are drawn in colour.
  std::vector<std::uint8_t> rgb(1200 * 700 * 3);
  REQUIRE(png->RasterIO(GF_Read, 0, 0, 1200, 700, rgb.data(), 1200, 700, GDT_Byte, 3, nullptr, 3,
                        1200 * 3, 1) == CE_None);
  std::size_t coloured = 0;
  for (std::size_t i = 0; i < rgb.size(); i += 3)
    coloured +=
        std::max({rgb[i], rgb[i + 1], rgb[i + 2]}) - std::min({rgb[i], rgb[i + 1], rgb[i + 2]}) >
        60;
  CHECK(coloured > 2000);
  CHECK(std::filesystem::exists(d / "ch" / "area_binnenstad.png"));
  // render sets a chart in the map.
  REQUIRE(test::run_cli("join --internal --areas " + wijken + " --incidents " + inc + " --out '" +
                        (d / "w.geojson").string() + "'")
              .exit_code == 0);
  const auto r2 = test::run_cli("render --out '" + (d / "map.png").string() + "' --chart '" +
                                (d / "ch" / "categories.png").string() + "' '" +
                                (d / "w.geojson").string() + "'");
  INFO(r2.err);
  CHECK(r2.exit_code == 0);
  CHECK(std::filesystem::file_size(d / "map.png") > 10000);
  const auto bad =
      test::run_cli("render --out '" + (d / "map2.png").string() + "' --chart '" +
                    (d / "nope.png").string() + "' '" + (d / "w.geojson").string() + "'");
  CHECK(bad.exit_code == 3);
}
