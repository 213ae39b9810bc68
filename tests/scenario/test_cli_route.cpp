#include <catch2/catch.hpp>

#include <map>

#include "../support.hpp"
#include "hotspot/crs/transform.hpp"
#include "hotspot/io/gdal_handles.hpp"

#include <ctime>

#include <fmt/format.h>

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
  for (const char* brk : {"18:00-18:30,30", "20:50-21:00,30", "19:40-20:10", "20:10-19:40,30"}) {
    r = test::run_cli(base + q(d / "x") + " --break " + brk);
    INFO(brk);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("--break") != std::string::npos);
  }
  CHECK(test::run_cli(base + q(d / "x") + " --window-bounds begin").exit_code == 2);
  CHECK_FALSE(std::filesystem::exists(d / "x"));
}

namespace {
/// The four Deventer stops of the shift tests (s1 Bergweide 30 min, s2 Brug driven past).
void write_stops(const std::filesystem::path& f) {
  test::spit(f, R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"stop_id":"s1","naam":"Bergweide","dwell_min":30,"score":5},"geometry":{"type":"Point","coordinates":[6.1600,52.2520]}},
{"type":"Feature","properties":{"stop_id":"s2","naam":"Brug","dwell_min":0,"score":5},"geometry":{"type":"Point","coordinates":[6.1650,52.2560]}},
{"type":"Feature","properties":{"stop_id":"s3","naam":"Brink","dwell_min":null,"score":5},"geometry":{"type":"Point","coordinates":[6.1700,52.2500]}},
{"type":"Feature","properties":{"stop_id":"s4","naam":"Station","dwell_min":null,"score":1},"geometry":{"type":"Point","coordinates":[6.1550,52.2580]}}]})");
}

/// RD metres of a lon,lat.
std::pair<double, double> rd(double lon, double lat) {
  const hotspot::crs::Transform t("EPSG:4326", "EPSG:28992");
  t.forward(lon, lat);
  return {lon, lat};
}
}  // namespace

TEST_CASE("cli.route: teams with their own start, end, hours and break (--teams-file)",
          "[cli][route]") {
  test::TempDir d;
  write_stops(d / "stops.geojson");
  // As a team lead writes it: Dutch header, ';', a stop as a start, lon,lat, an empty end (back
  // where it started), a team without a break.
  test::spit(d / "ploegen.csv",
             "ploeg;begin;eind;dienst;pauze\n"
             "Noord;Brink;6.1550,52.2580;19:00-21:00;19:40-20:10,30\n"
             "Zuid;6.1600,52.2500;;20:00-22:30;-\n"
             "Centrum;Stadhuis;depot;19:30-20:15;-\n");
  const std::string base = "route --stops " + q(d / "stops.geojson") +
                           " --shift 19:00-21:00 --dwell-min 10 --iterations 200 --out ";
  auto r = test::run_cli(base + q(d / "r") + " --teams-file " + q(d / "ploegen.csv") +
                         " --progress-lines");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  // The search reports its progress to tools (the QGIS provider) up to the end.
  CHECK(r.err.find("progress: route search 100%") != std::string::npos);
  const auto rows = test::read_csv(d / "r" / "schedule.csv");
  REQUIRE(rows.front().count("team_name") == 1);
  // Where every row is (RD), to check each team's timeline from the coordinates alone.
  std::map<std::string, std::pair<double, double>> where{{"s1", rd(6.1600, 52.2520)},
                                                         {"s2", rd(6.1650, 52.2560)},
                                                         {"s3", rd(6.1700, 52.2500)},
                                                         {"s4", rd(6.1550, 52.2580)}};
  const std::map<std::string, std::pair<std::string, std::string>> shift{
      {"Noord", {"19:00:00", "21:00:00"}}, {"Zuid", {"20:00:00", "22:30:00"}}};
  const double m_per_s = 5000.0 / 3600.0 / 1.3;  // on foot, straight line x 1.3
  int visits = 0;
  for (const auto& [team, hours] : shift) {
    std::vector<std::map<std::string, std::string>> tr;
    for (const auto& row : rows)
      if (row.at("team_name") == team) tr.push_back(row);
    REQUIRE(tr.size() >= 2);
    CHECK(tr.front().at("stop_id") == "start");
    CHECK(tr.front().at("arrival") == hours.first);  // leaves at its own shift start
    CHECK(tr.back().at("stop_id") == "end");
    CHECK(tr.back().at("arrival") <= hours.second);  // at its end by its own shift end
    std::pair<double, double> at =
        team == "Noord" ? where["s3"] : rd(6.1600, 52.2500);  // Brink, or its lon,lat
    const std::pair<double, double> end = team == "Noord" ? rd(6.1550, 52.2580) : at;
    int t = secs(tr.front().at("departure")), breaks = 0;
    for (std::size_t i = 1; i < tr.size(); ++i) {
      if (tr[i].at("stop_id") == "break") {
        ++breaks;
        CHECK(tr[i].at("arrival") >= "19:40:00");
        CHECK(tr[i].at("arrival") <= "20:10:00");
        continue;
      }
      const auto to = i + 1 == tr.size() ? end : where.at(tr[i].at("stop_id"));
      const double walk = std::hypot(to.first - at.first, to.second - at.second) / m_per_s;
      CHECK(secs(tr[i].at("arrival")) >= t + walk - 1.5);  // HH:MM:SS rounding
      t = secs(tr[i].at("departure"));
      at = to;
      if (i + 1 < tr.size()) ++visits;
    }
    CHECK(breaks == (team == "Noord" ? 1 : 0));
  }
  CHECK(visits >= 3);
  // A team named to start and end at the depot (by the profile's name for it, or "depot")
  // leaves from and comes back to the depot itself.
  std::vector<std::map<std::string, std::string>> centrum;
  for (const auto& row : rows)
    if (row.at("team_name") == "Centrum") centrum.push_back(row);
  REQUIRE(centrum.size() >= 2);
  CHECK(centrum.front().at("stop_id") == "depot");
  CHECK(centrum.front().at("arrival") == "19:30:00");
  CHECK(centrum.back().at("stop_id") == "depot");
  CHECK(centrum.back().at("arrival") <= "20:15:00");
  // The route lines start and end where the teams do; GPX tracks carry the teams' names.
  CHECK(test::slurp(d / "r" / "team_1.gpx").find("<name>Noord</name>") != std::string::npos);
  CHECK(test::slurp(d / "r" / "team_2.gpx").find("<name>Zuid</name>") != std::string::npos);
  auto ds = hotspot::io::open_vector((d / "r" / "routes.geojson").string());
  CHECK(ds->GetLayer(0)->GetLayerDefn()->GetFieldIndex("team_name") >= 0);

  // What cannot be planned is refused before anything is written, naming the team and line.
  struct Bad {
    std::string file, expect;
    int code;
  };
  for (const Bad& b : std::vector<Bad>{
           {"team;start;end\nA;Brink;\n", "no column shift", 4},
           {"team,start,end,shift\nA,Brink,,19:00-21:00\nA,Brug,,19:00-21:00\n", "also on line 2",
            4},
           {"team,start,end,shift\nA,Brink,,25:00-26:00\n", "line 2, team 'A'", 2},
           {"team,start,end,shift\nA,Nergens,,19:00-21:00\n", "line 2, team 'A'", 2},
           {"team,start,end,shift,break\nA,Brink,,20:00-22:30,19:40-20:10,30\n",
            "shift of team 'A' (line 2", 2},
           {"team,start,end,shift\nA,Brink,6.90,53.20,19:00-19:30\n", "", 2},
       }) {
    test::spit(d / "bad.csv", b.file);
    r = test::run_cli(base + q(d / "x") + " --teams-file " + q(d / "bad.csv"));
    INFO(b.file << r.err);
    CHECK(r.exit_code == b.code);
    CHECK(r.err.find(b.expect) != std::string::npos);
  }
  r = test::run_cli(base + q(d / "x") + " --teams 3 --teams-file " + q(d / "ploegen.csv"));
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("both give the teams") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(d / "x"));
}

TEST_CASE("cli.route: a depot and an end given as addresses (the BAG)", "[cli][route]") {
  test::TempDir d;
  write_stops(d / "stops.geojson");
  const auto [kx, ky] = rd(6.1580, 52.2540);
  const auto [sx, sy] = rd(6.1560, 52.2570);
  test::spit(d / "adressen.csv", fmt::format("straat;huisnummer;postcode;woonplaats;x;y\n"
                                             "Keizerstraat;12;7411 HE;Deventer;{:.2f};{:.2f}\n"
                                             "Stationsplein;1;7411 HH;Deventer;{:.2f};{:.2f}\n",
                                             kx, ky, sx, sy));
  const std::string base = "route --stops " + q(d / "stops.geojson") +
                           " --shift 19:00-21:00 --iterations 100 --addresses " +
                           q(d / "adressen.csv") + " --out ";
  auto r = test::run_cli(base + q(d / "r") +
                         " --depot 'Keizerstraat 12, 7411 HE Deventer' --end 'Stationsplein 1'");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto ds = hotspot::io::open_vector((d / "r" / "routes.geojson").string());
  auto f = std::unique_ptr<OGRFeature>(ds->GetLayer(0)->GetNextFeature());
  REQUIRE(f);
  const auto* ls = f->GetGeometryRef()->toLineString();
  CHECK(ls->getX(0) == Approx(6.1580).margin(2e-6));
  CHECK(ls->getY(0) == Approx(52.2540).margin(2e-6));
  CHECK(ls->getX(ls->getNumPoints() - 1) == Approx(6.1560).margin(2e-6));
  CHECK(ls->getY(ls->getNumPoints() - 1) == Approx(52.2570).margin(2e-6));
  const auto rows = test::read_csv(d / "r" / "schedule.csv");
  CHECK(rows.front().at("name") == "Keizerstraat 12, 7411 HE Deventer");
  CHECK(rows.back().at("name") == "Stationsplein 1");
  // An address the file does not have, and an address without an address file.
  r = test::run_cli(base + q(d / "x") + " --depot 'Keizerstraat 99, 7411 HE Deventer'");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("has no such address") != std::string::npos);
  r = test::run_cli("route --stops " + q(d / "stops.geojson") +
                    " --shift 19:00-21:00 --depot 'Keizerstraat 12' --out " + q(d / "x"));
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--addresses") != std::string::npos);
}

TEST_CASE("cli.route: DST nights: schedule on the wall clock, GPX in UTC, the real shift length",
          "[cli][route]") {
  test::TempDir d;
  write_stops(d / "stops.geojson");
  // A night shift over each change: in October the clock goes from 03:00 back to 02:00 (the
  // night is an hour longer), in March from 02:00 to 03:00 (an hour shorter).
  struct Night {
    std::string date;
    int real_minutes;
  };
  for (const Night& n : {Night{"2023-10-28", 9 * 60}, Night{"2023-03-25", 7 * 60}}) {
    const auto out = d / ("r" + n.date);
    auto r = test::run_cli("route --stops " + q(d / "stops.geojson") +
                           " --shift 22:00-06:00 --dwell-min 45 --iterations 200 --teams 2"
                           " --depot 6.1600,52.2500 --break 02:30-03:30,30 --date " +
                           n.date + " --out " + q(out));
    INFO(n.date << r.err);
    REQUIRE(r.exit_code == 0);
    const auto rows = test::read_csv(out / "schedule.csv");
    const std::string gpx = test::slurp(out / "team_1.gpx");
    // Every GPX time is the schedule's wall clock less the offset of that instant: +02:00
    // before the change, +01:00 after it.
    std::vector<std::string> times;
    for (std::size_t p = gpx.find("<time>"); p != std::string::npos; p = gpx.find("<time>", p + 1))
      times.push_back(gpx.substr(p + 6, 20));
    std::vector<std::string> arrivals;
    for (const auto& row : rows)
      if (row.at("team") == "1" && row.at("stop_id") != "break")
        arrivals.push_back(row.at("arrival"));
    REQUIRE(times.size() >= 2);
    REQUIRE(times.size() <= arrivals.size());
    for (std::size_t i = 0; i < times.size(); ++i) {
      const std::string utc = times[i];  // 2023-10-28T20:00:00Z
      std::tm tm{};
      REQUIRE(strptime(utc.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm));
      const std::time_t t = timegm(&tm);
      // The Amsterdam offset at that instant (EU rule: summer time until the last Sunday of
      // October, from the last Sunday of March, 01:00 UTC).
      const bool summer = n.date == "2023-10-28" ? t < 1698541200 : t >= 1679792400;
      const std::time_t local = t + (summer ? 7200 : 3600);
      std::tm lt{};
      gmtime_r(&local, &lt);
      char buf[16];
      std::strftime(buf, sizeof buf, "%H:%M:%S", &lt);
      INFO("waypoint " << i << " " << utc);
      CHECK(arrivals[i] == buf);
    }
    CHECK(arrivals.front() == "22:00:00");
    // The break lies inside its wall-clock window 02:30-03:30 (in March 02:30 does not exist:
    // read as standard time, it is 03:30 on the summer clock).
    for (const auto& row : rows)
      if (row.at("stop_id") == "break") {
        CHECK(row.at("arrival") >= "02:30:00");
        CHECK(row.at("arrival") <= "03:30:00");
      }
    // The real length of the night decides what fits: one team, four 110-minute visits (440
    // minutes and the walks) fit the 9-hour October night, not the 7-hour March one.
    test::spit(d / "long.geojson", R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"stop_id":"a","score":5},"geometry":{"type":"Point","coordinates":[6.1600,52.2520]}},
{"type":"Feature","properties":{"stop_id":"b","score":5},"geometry":{"type":"Point","coordinates":[6.1650,52.2560]}},
{"type":"Feature","properties":{"stop_id":"c","score":5},"geometry":{"type":"Point","coordinates":[6.1700,52.2500]}},
{"type":"Feature","properties":{"stop_id":"e","score":5},"geometry":{"type":"Point","coordinates":[6.1550,52.2580]}}]})");
    const auto lo = d / ("l" + n.date);
    r = test::run_cli("route --stops " + q(d / "long.geojson") +
                      " --shift 22:00-06:00 --dwell-min 110 --iterations 200 --teams 1"
                      " --depot 6.1600,52.2500 --date " +
                      n.date + " --out " + q(lo));
    REQUIRE(r.exit_code == 0);
    auto ds = hotspot::io::open_vector((lo / "routes.geojson").string());
    auto f = std::unique_ptr<OGRFeature>(ds->GetLayer(0)->GetNextFeature());
    REQUIRE(f);
    CHECK(f->GetFieldAsInteger("n_stops") == (n.real_minutes > 480 ? 4 : 3));
    CHECK(f->GetFieldAsDouble("minutes") <= n.real_minutes);
    CHECK(f->GetFieldAsDouble("minutes") > 330);
    const auto lrows = test::read_csv(lo / "schedule.csv");
    CHECK(lrows.back().at("arrival") <= "06:00:00");  // the wall clock next morning
  }
}
