// The police's open figures (issue 17): both published layouts, with every trap.
#include <catch2/catch.hpp>

#include "../../support.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/io/opendata.hpp"

using namespace hotspot;

namespace {
// Centrum (BU01500101) and Bergkwartier (BU01500102): trailing spaces in the codes, the
// roll-up 0.0.0 next to two parts, months and a year in one column, a suppressed figure.
const char* kJson =
    R"({"odata.metadata":"https://opendata.cbs.nl/ODataApi/OData/47022NED/$metadata#Cbs.OData.WebAPI.TypedDataSet","value":[
{"ID":0,"SoortMisdrijf":"0.0.0 ","WijkenEnBuurten":"BU01500101","Perioden":"2023JJ00","GeregistreerdeMisdrijven_1":120.0},
{"ID":1,"SoortMisdrijf":"1.1.1 ","WijkenEnBuurten":"BU01500101","Perioden":"2023JJ00","GeregistreerdeMisdrijven_1":7.0},
{"ID":2,"SoortMisdrijf":"1.2.1 ","WijkenEnBuurten":"BU01500101","Perioden":"2023JJ00","GeregistreerdeMisdrijven_1":null},
{"ID":3,"SoortMisdrijf":"0.0.0 ","WijkenEnBuurten":"BU01500101","Perioden":"2023MM01","GeregistreerdeMisdrijven_1":11.0},
{"ID":4,"SoortMisdrijf":"0.0.0 ","WijkenEnBuurten":"BU01500102","Perioden":"2023JJ00","GeregistreerdeMisdrijven_1":0.0},
{"ID":5,"SoortMisdrijf":"0.0.0 ","WijkenEnBuurten":"BU01500102","Perioden":"2023MM01","GeregistreerdeMisdrijven_1":null},
{"ID":6,"SoortMisdrijf":"0.0.0 ","WijkenEnBuurten":"GM0150    ","Perioden":"2023JJ00","GeregistreerdeMisdrijven_1":9000.0}]})";
const char* kCsv =
    "\"ID\";\"SoortMisdrijf\";\"WijkenEnBuurten\";\"Perioden\";\"GeregistreerdeMisdrijven_1\"\n"
    "0;\"0.0.0 \";\"BU01500101\";\"2023JJ00\";\"    120\"\n"
    "1;\"1.1.1 \";\"BU01500101\";\"2023JJ00\";\"      7\"\n"
    "2;\"1.2.1 \";\"BU01500101\";\"2023JJ00\";\"       \"\n"
    "3;\"0.0.0 \";\"BU01500101\";\"2023MM01\";\"     11\"\n"
    "4;\"0.0.0 \";\"BU01500102\";\"2023JJ00\";\"      0\"\n"
    "5;\"0.0.0 \";\"BU01500102\";\"2023MM01\";\"      .\"\n"
    "6;\"0.0.0 \";\"GM0150    \";\"2023JJ00\";\"   9000\"\n";
}  // namespace

TEST_CASE("io.opendata: the TypedDataSet JSON and the CSV download read alike, traps and all",
          "[io][opendata]") {
  CHECK(io::open_period("2023JJ00") == "2023");
  CHECK(io::open_period("2023MM01") == "2023-01");
  CHECK(io::open_period("2023KW02") == "2023Q2");
  CHECK(io::open_period("2023XX01").empty());
  test::TempDir d;
  test::spit(d / "t.json", kJson);
  test::spit(d / "t.csv", kCsv);
  for (const char* f : {"t.json", "t.csv"}) {
    INFO(f);
    const auto od = io::read_opendata((d / f).string());
    REQUIRE(od.rows.size() == 7);
    CHECK(od.measure == "GeregistreerdeMisdrijven_1");
    CHECK(od.rows[0].crime == "0.0.0");  // trailing space trimmed
    CHECK(od.rows[6].region == "GM0150");
    CHECK(od.rows[3].period == "2023-01");  // months and years kept apart
    CHECK(od.rows[0].period == "2023");
    CHECK_FALSE(od.rows[2].value.has_value());  // suppressed: empty, never 0
    CHECK_FALSE(od.rows[5].value.has_value());
    REQUIRE(od.rows[4].value.has_value());  // a real 0 stays 0
    CHECK(*od.rows[4].value == 0);
  }
  // On the buurten: the total is the published 0.0.0, not the sum of its parts (7 + suppressed).
  const auto r = test::run_cli("opendata '" + (d / "t.json").string() + "' --areas '" +
                               (test::geodata() / "deventer_buurten.geojson").string() +
                               "' --out '" + (d / "o.csv").string() + "'");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("2 suppressed") != std::string::npos);
  const auto rows = test::read_csv(d / "o.csv");
  REQUIRE(rows.size() == 69);
  std::map<std::string, std::map<std::string, std::string>> by;
  for (const auto& row : rows) by[row.at("buurtcode")] = row;
  CHECK(by["BU01500101"].at("m_0_0_0_2023") == "120");
  CHECK(by["BU01500101"].at("m_0_0_0_2023_01") == "11");
  CHECK(by["BU01500102"].at("m_0_0_0_2023") == "0");
  CHECK(by["BU01500102"].at("m_0_0_0_2023_01").empty());
  CHECK(by["BU01500103"].at("m_0_0_0_2023").empty());  // not published for that buurt: empty
  // Selecting crime types and periods; unknown ones are named.
  const auto s =
      test::run_cli("opendata '" + (d / "t.csv").string() + "' --areas '" +
                    (test::geodata() / "deventer_buurten.geojson").string() +
                    "' --crime 1.1.1,1.2.1 --period 2023 --out '" + (d / "s.csv").string() + "'");
  REQUIRE(s.exit_code == 0);
  const auto srows = test::read_csv(d / "s.csv");
  CHECK(srows.front().count("m_1_1_1_2023") == 1);
  CHECK(srows.front().count("m_0_0_0_2023") == 0);
  const auto bad = test::run_cli("opendata '" + (d / "t.csv").string() + "' --areas '" +
                                 (test::geodata() / "deventer_buurten.geojson").string() +
                                 "' --crime 9.9.9 --out '" + (d / "x.csv").string() + "'");
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("no crime type '9.9.9'") != std::string::npos);
}
