#include <catch2/catch.hpp>

#include "../support.hpp"
#include "hotspot/io/gdal_handles.hpp"

namespace {
std::string q(const std::filesystem::path& p) {
  return "'" + p.string() + "'";
}
}  // namespace

TEST_CASE("cli.route: tonight's shift over the named places: GeoJSON, schedule, GPX",
          "[cli][route]") {
  test::TempDir d;
  auto r = test::run_cli("route --stops " + q(test::geodata() / "deventer_locaties.geojson") +
                         " --incidents " + q(test::geodata() / "deventer_incidents_synth.csv") +
                         " --category jeugdoverlast --shift 19:00-23:00 --date 2023-07-14 --teams "
                         "2 --iterations 50 --out " +
                         q(d / "r"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto rows = test::read_csv(d / "r" / "schedule.csv");
  REQUIRE(rows.size() > 4);
  for (const char* col : {"team", "seq", "stop_id", "arrival", "departure", "value"})
    CHECK(rows[0].count(col) == 1);
  for (const auto& row : rows) {
    CHECK(row.at("arrival") >= "19:00:00");  // HH:MM:SS, within the shift
    CHECK(row.at("departure") <= "23:00:00");
  }
  CHECK(std::filesystem::exists(d / "r" / "team_1.gpx"));
  CHECK(std::filesystem::exists(d / "r" / "team_2.gpx"));
  CHECK(test::slurp(d / "r" / "team_1.gpx").find("<trkpt lat=\"52.") != std::string::npos);
  // 19:00 local in summer is 17:00 UTC.
  CHECK(test::slurp(d / "r" / "team_1.gpx").find("<time>2023-07-14T17:00:00Z</time>") !=
        std::string::npos);
  auto ds = hotspot::io::open_vector((d / "r" / "routes.geojson").string());
  CHECK(ds->GetLayer(0)->GetFeatureCount() == 2);
}

TEST_CASE("cli.route: several days vary the patrol and bad input is refused", "[cli][route]") {
  test::TempDir d;
  const std::string stops = q(test::geodata() / "deventer_locaties.geojson");
  auto r = test::run_cli("route --stops " + stops +
                         " --shift 20:00-22:00 --days 3 --iterations 30 --out " + q(d / "r"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(std::filesystem::exists(d / "r" / "team_1_day3.gpx"));
  CHECK(test::read_csv(d / "r" / "schedule.csv").front().count("day") == 1);
  CHECK(test::run_cli("route --stops " + stops + " --shift 20:00-20:05 --out " + q(d / "x"))
            .exit_code == 2);
  CHECK(test::run_cli("route --stops " + stops + " --shift 20:00-22:00 --depot Nergens --out " +
                      q(d / "x"))
            .exit_code == 2);
}

TEST_CASE(
    "cli.route: on a hand-made OSM street the route follows the street and the travel time is the "
    "shortest path",
    "[cli][route]") {
  test::TempDir d;
  const std::string osm = q(test::fixtures() / "lstreet.osm"),
                    stops = q(test::fixtures() / "lstreet_stops.csv");
  auto r =
      test::run_cli("route --stops " + stops + " --value-col score --osm " + osm +
                    " --depot 207000,474000 --shift 19:00-20:00 --speed-kmh 6 --out " + q(d / "r"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  // 1,500 m of road at 100 m/min: arrival 15 minutes after the start (the straight line,
  // 500 m, would take 5 minutes), back 15 minutes after the 15-minute visit.
  const auto rows = test::read_csv(d / "r" / "schedule.csv");
  REQUIRE(rows.size() == 3);
  CHECK(rows[1].at("arrival") == "19:15:00");
  CHECK(rows[1].at("departure") == "19:30:00");
  CHECK(rows[2].at("arrival") == "19:45:00");
  // The line passes the two corners of the L (6.1560 E / 6.1561 E).
  auto ds = hotspot::io::open_vector((d / "r" / "routes.geojson").string());
  hotspot::io::FeaturePtr f(ds->GetLayer(0)->GetNextFeature());
  const auto* ls = f->GetGeometryRef()->toLineString();
  int corners = 0;
  for (int i = 0; i < ls->getNumPoints(); ++i) corners += ls->getX(i) > 6.1555;
  CHECK(corners >= 2);
  CHECK(ls->getNumPoints() == 7);  // depot, two corners, stop, two corners, depot
}

TEST_CASE("cli.route: a depot outside the road network is refused", "[cli][route]") {
  test::TempDir d;
  auto r = test::run_cli("route --stops " + q(test::fixtures() / "lstreet_stops.csv") + " --osm " +
                         q(test::fixtures() / "lstreet.osm") +
                         " --depot 212000,479000 --shift 19:00-20:00 --out " + q(d / "r"));
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("from the nearest road") != std::string::npos);
  auto r2 = test::run_cli("route --stops " + q(test::fixtures() / "lstreet_stops.csv") + " --osm " +
                          q(d / "none.osm") + " --shift 19:00-20:00 --out " + q(d / "r"));
  CHECK(r2.exit_code == 3);
}
