// A municipality profile (issue 12): the engine is not tied to Deventer or to RD coordinates.
// A made-up data set around Ghent (Belgium) with UTM zone 31N (EPSG:32631) as the working CRS:
// areas in WGS84, incidents as lon/lat, and a profile that names the boundary, the places
// and the depot. Counts are checked against the way the points were made.
#include <catch2/catch.hpp>

#include <random>

#include <fmt/format.h>
#include <gdal_priv.h>
#include <nlohmann/json.hpp>

#include "../support.hpp"
#include "hotspot/io/gdal_handles.hpp"

namespace {

namespace fs = std::filesystem;
std::string q(const fs::path& p) {
  return "'" + p.string() + "'";
}

std::string rect(double x0, double y0, double x1, double y1) {
  return fmt::format("[[[{},{}],[{},{}],[{},{}],[{},{}],[{},{}]]]", x0, y0, x1, y0, x1, y1, x0, y1,
                     x0, y0);
}

struct Ghent {
  test::TempDir d;
  std::vector<int> want{50, 120, 30};  // incidents per area; 20 more lie outside them
  Ghent() {
    // Three areas side by side, lon 3.70-3.76, lat 51.04-51.06 (WGS84, RFC 7946 GeoJSON).
    std::string areas = R"({"type":"FeatureCollection","features":[)";
    const char* names[] = {"West", "Centrum", "Oost"};
    for (int i = 0; i < 3; ++i)
      areas += fmt::format(
          R"({}{{"type":"Feature","properties":{{"naam":"{}"}},"geometry":{{"type":"Polygon","coordinates":{}}}}})",
          i ? "," : "", names[i], rect(3.70 + 0.02 * i, 51.04, 3.72 + 0.02 * i, 51.06));
    areas += "]}";
    test::spit(d / "wijken.geojson", areas);
    test::spit(
        d / "gemeente.geojson",
        R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"naam":"Gent"},"geometry":{"type":"Polygon","coordinates":)" +
            rect(3.69, 51.03, 3.77, 51.09) + "}}]}");
    test::spit(
        d / "plaatsen.geojson",
        R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Korenmarkt"},"geometry":{"type":"Point","coordinates":[3.7205,51.0545]}}]})");
    // Incidents: away from every edge (at least 0.001 degrees, 70 m), Dutch headers, decimal
    // commas.
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> u(0.001, 0.019);
    std::string csv = "id;lengtegraad;breedtegraad;soort;datum\n";
    int id = 0;
    for (int a = 0; a < 3; ++a)
      for (int k = 0; k < want[a]; ++k) {
        const double lon = 3.70 + 0.02 * a + u(rng), lat = 51.04 + u(rng);
        std::string row = fmt::format("{};{:.6f};{:.6f};{};{:02d}-{:02d}-2023 21:15\n", ++id, lon,
                                      lat, k % 2 ? "overlast" : "inbraak", 1 + k % 28, 1 + k % 12);
        for (auto& ch : row)
          if (ch == '.') ch = ',';
        csv += row;
      }
    for (int k = 0; k < 20; ++k) {
      std::string row = fmt::format("{};{:.6f};{:.6f};overlast;15-06-2023 22:00\n", ++id,
                                    3.71 + 0.002 * k, 51.075);
      for (auto& ch : row)
        if (ch == '.') ch = ',';
      csv += row;
    }
    test::spit(d / "meldingen.csv", csv);
    test::spit(d / "gent.profile.toml", R"TOML([profile]
name = "Gent"
working_crs = "EPSG:32631"
crs_label = "EPSG:32631 (UTM 31N)"
mask = "gemeente.geojson"
places = "plaatsen.geojson"
areas = "wijken.geojson"
source = "Bron: testgegevens"
[depot]
name = "Stadhuis"
xy = "549500,5655800"
)TOML");
  }
};

}  // namespace

TEST_CASE("profile: a UTM working CRS and a non-Dutch data set, counted exactly",
          "[profile][cli]") {
  Ghent g;
  const std::string prof = " --profile " + q(g.d / "gent.profile.toml");
  auto r = test::run_cli("join --internal --areas " + q(g.d / "wijken.geojson") + " --incidents " +
                         q(g.d / "meldingen.csv") + " --out " + q(g.d / "wijken_out.csv") +
                         " --out " + q(g.d / "wijken_out.geojson") + prof);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("read 220, joined 200, outside 20, rejected 0") != std::string::npos);
  const auto rows = test::read_csv(g.d / "wijken_out.csv");
  REQUIRE(rows.size() == 3);
  for (std::size_t a = 0; a < 3; ++a) CHECK(rows[a].at("n_incidents") == std::to_string(g.want[a]));
  // The GeoJSON is RFC 7946 (WGS84 lon/lat): the areas come back where they were.
  auto ds = hotspot::io::open_vector((g.d / "wijken_out.geojson").string());
  OGREnvelope env;
  REQUIRE(ds->GetLayer(0)->GetExtent(&env) == OGRERR_NONE);
  CHECK(env.MinX == Approx(3.70).margin(1e-6));
  CHECK(env.MaxY == Approx(51.06).margin(1e-6));

  // Density: the profile's boundary is the default mask; the raster is in the working CRS.
  r = test::run_cli("density --internal --incidents " + q(g.d / "meldingen.csv") +
                    " --bandwidth-m 300 --cell-m 50 --out " + q(g.d / "d.tif") + prof);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  {
    hotspot::io::DatasetPtr rd(
        static_cast<GDALDataset*>(GDALOpen((g.d / "d.tif").c_str(), GA_ReadOnly)));
    REQUIRE(rd);
    const OGRSpatialReference* srs = rd->GetSpatialRef();
    REQUIRE(srs);
    CHECK(std::string(srs->GetAuthorityCode(nullptr)) == "32631");
    double gt[6];
    REQUIRE(rd->GetGeoTransform(gt) == CE_None);
    CHECK(gt[0] > 540000);  // UTM metres, not RD
    CHECK(gt[0] < 560000);
    CHECK(std::stod(rd->GetMetadataItem("HOTSPOT_MASS_IN_MASK")) == Approx(220).epsilon(0.02));
  }
  // Route: the depot comes from the profile.
  r = test::run_cli("route --internal --stops " + q(g.d / "plaatsen.geojson") +
                    " --shift 19:00-21:00 --iterations 10 --out " + q(g.d / "r") + prof);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(test::slurp(g.d / "r" / "team_1.gpx").find("lon=\"3.7") != std::string::npos);
}

TEST_CASE("profile: a pipeline under a UTM profile writes a QGIS project in that CRS",
          "[profile][run]") {
  Ghent g;
  test::spit(g.d / "p.toml", R"TOML([run]
title = "Veiligheid Gent (test)"
out = "out"
[inputs]
incidents = "meldingen.csv"
[[join]]
name = "wijken"
areas = "wijken.geojson"
[[density]]
name = "overlast"
category = ["overlast"]
bandwidth-m = 300
cell-m = 50
top = "10%"
[[stats]]
name = "gistar"
method = "gistar"
grid-m = 250
mask = "gemeente.geojson"
[export]
name = "gent"
png = "gent.png"
include-points = true  # the places are points of the user's own file
)TOML");
  auto r = test::run_cli("run --internal " + q(g.d / "p.toml") + " --profile " +
                         q(g.d / "gent.profile.toml") + " -q");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::string qgs = test::slurp(g.d / "out" / "gent.qgs");
  CHECK(qgs.find("<authid>EPSG:32631</authid>") != std::string::npos);
  CHECK(qgs.find("+proj=utm +zone=31") != std::string::npos);
  CHECK(qgs.find("EPSG:28992") == std::string::npos);
  auto ds = hotspot::io::open_vector((g.d / "out" / "gent.gpkg").string());
  OGRLayer* l = ds->GetLayerByName("wijken");
  REQUIRE(l);
  CHECK(std::string(l->GetSpatialRef()->GetAuthorityCode(nullptr)) == "32631");
  CHECK(l->GetFeatureCount() == 3);
}

TEST_CASE("profile: a bad profile is refused naming the key", "[profile][cli]") {
  Ghent g;
  auto bad = [&](const std::string& text) {
    test::spit(g.d / "bad.toml", text);
    return test::run_cli("join --areas " + q(g.d / "wijken.geojson") + " --incidents " +
                         q(g.d / "meldingen.csv") + " --out " + q(g.d / "x.csv") + " --profile " +
                         q(g.d / "bad.toml"));
  };
  auto r = bad("[profile]\nworking_crs = \"EPSG:4326\"\n");
  CHECK(r.exit_code == 5);
  CHECK(r.err.find("not a projected CRS in metres") != std::string::npos);
  r = bad("[profile]\nmask = \"nergens.geojson\"\n");
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("nergens.geojson") != std::string::npos);
  r = bad("[profile]\nwerkcrs = \"EPSG:32631\"\n");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("unknown key 'werkcrs'") != std::string::npos);
  r = bad("[depot]\nxy = \"stadhuis\"\n");
  CHECK(r.exit_code == 2);
}
