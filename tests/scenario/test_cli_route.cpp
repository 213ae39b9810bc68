#include <catch2/catch.hpp>

#include <map>

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

namespace {
/// "HH:MM:SS" -> seconds.
int secs(const std::string& t) {
  return std::stoi(t.substr(0, 2)) * 3600 + std::stoi(t.substr(3, 2)) * 60 +
         std::stoi(t.substr(6, 2));
}
}  // namespace

TEST_CASE("cli.route: the shift as it is: an end elsewhere, a dwell per stop, names, lon,lat",
          "[cli][route]") {
  test::TempDir d;
  // Four stops in the centre of Deventer; Bergweide takes longer, the bridge is driven past.
  test::spit(d / "stops.geojson", R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"stop_id":"s1","naam":"Bergweide","dwell_min":30,"score":5},"geometry":{"type":"Point","coordinates":[6.1600,52.2520]}},
{"type":"Feature","properties":{"stop_id":"s2","naam":"Brug","dwell_min":0,"score":5},"geometry":{"type":"Point","coordinates":[6.1650,52.2560]}},
{"type":"Feature","properties":{"stop_id":"s3","naam":"Brink","dwell_min":null,"score":5},"geometry":{"type":"Point","coordinates":[6.1700,52.2500]}},
{"type":"Feature","properties":{"stop_id":"s4","naam":"Station","dwell_min":null,"score":1},"geometry":{"type":"Point","coordinates":[6.1550,52.2580]}}]})");
  const std::string base = "route --stops " + q(d / "stops.geojson") +
                           " --shift 19:00-21:00 --dwell-min 10 --iterations 50 "
                           "--depot 6.1600,52.2500 --end Station --out ";
  auto r = test::run_cli(base + q(d / "r"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto rows = test::read_csv(d / "r" / "schedule.csv");
  REQUIRE(rows.size() == 6);  // depot, four stops, end
  CHECK(rows.front().at("stop_id") == "depot");
  CHECK(rows.back().at("stop_id") == "end");
  CHECK(rows.back().at("name") == "Station");
  std::map<std::string, int> dwell_s;
  for (std::size_t i = 1; i + 1 < rows.size(); ++i)
    dwell_s[rows[i].at("name")] = secs(rows[i].at("departure")) - secs(rows[i].at("arrival"));
  CHECK(dwell_s["Bergweide"] == 30 * 60);  // its own dwell_min
  CHECK(dwell_s["Brug"] == 0);             // driven past
  CHECK(dwell_s["Brink"] == 10 * 60);      // --dwell-min
  CHECK(dwell_s["Station"] == 10 * 60);
  // The route ends at the end point, not back at the depot (lon,lat as given).
  auto ds = hotspot::io::open_vector((d / "r" / "routes.geojson").string());
  auto f = std::unique_ptr<OGRFeature>(ds->GetLayer(0)->GetNextFeature());
  REQUIRE(f);
  const auto* ls = f->GetGeometryRef()->toLineString();
  CHECK(ls->getX(0) == Approx(6.1600).margin(1e-5));
  CHECK(ls->getY(0) == Approx(52.2500).margin(1e-5));
  CHECK(ls->getX(ls->getNumPoints() - 1) == Approx(6.1550).margin(1e-5));
  CHECK(ls->getY(ls->getNumPoints() - 1) == Approx(52.2580).margin(1e-5));
  const std::string gpx = test::slurp(d / "r" / "team_1.gpx");
  CHECK(gpx.find("Bergweide") != std::string::npos);  // names, not row ids, for the phone
  CHECK(gpx.find(" end</name>") != std::string::npos);

  // --name-col chooses the names; one that is not there is refused.
  REQUIRE(test::run_cli("route --stops " + q(d / "stops.geojson") +
                        " --shift 19:00-21:00 --iterations 50 --depot 6.16,52.25 --end s4 "
                        "--name-col stop_id -q --out " +
                        q(d / "n"))
              .exit_code == 0);
  CHECK(test::read_csv(d / "n" / "schedule.csv")[1].at("name").rfind("s", 0) == 0);
  r = test::run_cli(base + q(d / "x") + " --name-col naamm");
  CHECK(r.exit_code != 0);
  CHECK(r.err.find("naamm") != std::string::npos);
  // An end that cannot be reached within the shift, a bad dwell, a place outside the CRS.
  r = test::run_cli("route --stops " + q(d / "stops.geojson") +
                    " --shift 19:00-19:30 --depot 6.16,52.25 --end 6.90,53.20 --out " + q(d / "x"));
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("end point") != std::string::npos);
  CHECK(r.err.find("--end") != std::string::npos);
  std::string bad = test::slurp(d / "stops.geojson");
  bad.replace(bad.find("\"dwell_min\":30"), 14, "\"dwell_min\":\"lang\"");
  test::spit(d / "bad.geojson", bad);
  r = test::run_cli("route --stops " + q(d / "bad.geojson") +
                    " --shift 19:00-21:00 --depot 6.16,52.25 --out " + q(d / "x"));
  CHECK(r.exit_code != 0);
  CHECK(r.err.find("dwell_min") != std::string::npos);
  CHECK(r.err.find("s1") != std::string::npos);
  r = test::run_cli("route --stops " + q(d / "stops.geojson") +
                    " --shift 19:00-21:00 --depot 500,500 --end 1e9,1e9 --out " + q(d / "x"));
  CHECK(r.exit_code == 2);

  // A 30-minute break starting between 19:40 and 20:10: a schedule row of its own, inside its
  // window, overlapping no visit; windows that bound the start of a visit.
  r = test::run_cli(base + q(d / "b") + " --teams 2 --break 19:40-20:10,30 --window-bounds start");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto b = test::read_csv(d / "b" / "schedule.csv");
  for (const char* team : {"1", "2"}) {
    int breaks = 0, bs = 0, be = 0;
    for (const auto& row : b)
      if (row.at("team") == team && row.at("stop_id") == "break") {
        ++breaks;
        bs = secs(row.at("arrival"));
        be = secs(row.at("departure"));
      }
    CHECK(breaks == 1);
    CHECK(bs >= secs("19:40:00"));
    CHECK(bs <= secs("20:10:00"));
    CHECK(be - bs == 30 * 60);
    for (const auto& row : b)
      if (row.at("team") == team && row.at("stop_id") != "break" && row.at("stop_id") != "depot" &&
          row.at("stop_id") != "end")
        CHECK((secs(row.at("departure")) <= bs || secs(row.at("arrival")) >= be));
  }
  for (const char* bad : {"18:00-18:30,30", "20:50-21:00,30", "19:40-20:10", "20:10-19:40,30"}) {
    r = test::run_cli(base + q(d / "x") + " --break " + bad);
    INFO(bad);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("--break") != std::string::npos);
  }
  CHECK(test::run_cli(base + q(d / "x") + " --window-bounds begin").exit_code == 2);
  CHECK_FALSE(std::filesystem::exists(d / "x"));
}
