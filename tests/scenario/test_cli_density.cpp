#include <catch2/catch.hpp>

#include <regex>

#include <cmath>

#include "../support.hpp"
#include "hotspot/io/gdal_handles.hpp"
#include "hotspot/io/raster.hpp"

namespace {
std::string q(const std::filesystem::path& p) {
  return "'" + p.string() + "'";
}
const std::string kInc = (test::geodata() / "deventer_incidents_synth.csv").string();
}  // namespace

TEST_CASE("cli.density: overlast heat map with hotspot areas, on the municipal mask",
          "[cli][density]") {
  test::TempDir d;
  auto r = test::run_cli("density --incidents " + q(kInc) +
                             " --category jeugdoverlast --hours 18-2 --bandwidth-m 250 --cell-m 50 "
                             "--out " +
                             q(d / "o.tif") + " --hotspots " + q(d / "hot.geojson") + " --top 5%",
                         test::geodata().parent_path());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("read 4601, joined") != std::string::npos);
  CHECK(r.err.find("hold") != std::string::npos);
  hotspot::Grid g;
  std::map<std::string, std::string> md;
  const auto v = hotspot::io::read_geotiff(d / "o.tif", g, &md);
  CHECK(g.cell_m == 50);
  CHECK(md["HOTSPOT_KERNEL"] == "quartic");
  CHECK(md["HOTSPOT_UNITS"] == "incidents/km2");
  CHECK(md["HOTSPOT_FILTER"].find("category=jeugdoverlast") != std::string::npos);
  // Mass: the surface (per km2) integrates to the filtered count minus what lies off the mask.
  double mass = 0;
  std::size_t nodata = 0;
  for (double x : v) {
    if (std::isnan(x))
      ++nodata;
    else
      mass += x * 50 * 50 / 1e6;
  }
  CHECK(nodata > 0);  // outside the municipality
  CHECK(mass == Approx(std::stod(md["HOTSPOT_MASS_IN_MASK"])).epsilon(1e-4));
  CHECK(mass <= std::stod(md["HOTSPOT_N_INCIDENTS"]) * 1.0001);
  auto ds = hotspot::io::open_vector((d / "hot.geojson").string());
  CHECK(ds->GetLayer(0)->GetFeatureCount() > 0);
}

TEST_CASE("cli.density: bad input is refused, and no raster is left behind", "[cli][density]") {
  test::TempDir d;
  SECTION("no incidents after filtering") {
    auto r = test::run_cli("density --incidents " + q(kInc) +
                               " --category ondermijning --days sun --bandwidth-m 300 --out " +
                               q(d / "o.tif"),
                           test::geodata().parent_path());
    CHECK(r.exit_code == 6);
    CHECK(r.err.find("no incidents left after filtering") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(d / "o.tif"));
  }
  SECTION("zero bandwidth") {
    auto r = test::run_cli("density --incidents " + q(kInc) + " --bandwidth-m -5 --out " +
                           q(d / "o.tif"));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("bandwidth") != std::string::npos);
  }
  SECTION("zero cell") {
    auto r = test::run_cli("density --incidents " + q(kInc) +
                           " --bandwidth-m 300 --cell-m 0 --out " + q(d / "o.tif"));
    CHECK(r.exit_code == 2);
  }
  SECTION("a grid too large for memory, with the size it would need") {
    auto r = test::run_cli(
        "density --incidents " + q(kInc) +
        " --bandwidth-m 300 --cell-m 0.01 --extent 200000,468000,215000,482000 --out " +
        q(d / "o.tif"));
    CHECK(r.exit_code == 8);
    // 2.1e12 cells: the size it would need, in a unit a person reads (17 TB).
    CHECK(std::regex_search(r.err, std::regex(R"(need at least [0-9.]+ TB)")));
    CHECK_FALSE(std::filesystem::exists(d / "o.tif"));
  }
  SECTION("an unknown category names the ones there are") {
    auto r =
        test::run_cli("density --incidents " + q(kInc) +
                          " --category fietsendiefstal --bandwidth-m 300 --out " + q(d / "o.tif"),
                      test::geodata().parent_path());
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("jeugdoverlast") != std::string::npos);
  }
}
