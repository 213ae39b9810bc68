#include <catch2/catch.hpp>

#include "../../support.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/io/csv.hpp"
#include "hotspot/io/incident_reader.hpp"

using namespace hotspot;

namespace {
struct Loaded {
  IncidentTable t;
  RejectsSink rejects;
  io::ReadStats st;
  std::string log;
};

Loaded load(io::IncidentSourceConfig cfg) {
  Loaded l;
  char* buf = nullptr;
  std::size_t len = 0;
  FILE* mem = open_memstream(&buf, &len);
  RunContext ctx;
  ctx.log_stream = mem;
  l.st = io::read_incidents(cfg, l.t, l.rejects, ctx);
  std::fclose(mem);
  l.log.assign(buf, len);
  std::free(buf);
  return l;
}
}  // namespace

TEST_CASE("io.incidents: every bad row of a malformed CSV is rejected with line and reason",
          "[io][csv]") {
  io::IncidentSourceConfig cfg;
  cfg.path = (test::fixtures() / "malformed.csv").string();
  Loaded l = load(cfg);

  // read = used + rejected
  CHECK(l.st.read == 14);
  CHECK(l.st.rejected == 9);
  CHECK(l.t.size() == 5);
  CHECK(l.st.read == l.t.size() + l.st.rejected);

  // Exactly these lines, for exactly these reasons (physical lines: header is line 1,
  // the record with an embedded newline spans lines 11-12, line 13 is blank).
  const std::vector<std::pair<std::int64_t, std::string>> expected{
      {3, "missing x"},
      {4, "non-numeric y 'abc'"},
      {5, "NaN coordinate"},
      {6, "bad timestamp '2022-02-30T10:00:00'"},
      {7, "bad timestamp 'gisteren'"},
      {8, "outside the valid area of EPSG:28992"},
      {9, "too few fields (got 3, header has 5)"},
      {14, "infinite coordinate"},
      {15, "outside the valid area of EPSG:28992"},
  };
  REQUIRE(l.rejects.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("reject " << i << ": line " << l.rejects.rows()[i].line << " "
                   << l.rejects.rows()[i].reason);
    CHECK(l.rejects.rows()[i].line == expected[i].first);
    CHECK(l.rejects.rows()[i].reason.rfind(expected[i].second, 0) == 0);
  }

  // The good rows, with their source lines and values.
  CHECK(std::vector<std::int64_t>(l.t.source_line.begin(), l.t.source_line.end()) ==
        std::vector<std::int64_t>{2, 10, 11, 16, 17});
  CHECK(l.t.x[0] == 208000.5);
  CHECK(l.t.y[0] == 474000.25);
  CHECK(l.t.x[1] == 208100.5);  // quoted decimal comma
  CHECK(l.t.categories.name(l.t.category[1]) == "woninginbraak, poging");
  // A category's key folds white space: the quoted newline is one space.
  CHECK(l.t.categories.name(l.t.category[2]) == "multi line");
  CHECK(l.t.categories.name(l.t.category[3]) == "onbekend");  // empty category
  CHECK(l.t.time[4] == kNoTime);                              // empty timestamp
  CHECK(l.log.find("empty category") != std::string::npos);
}

TEST_CASE("io.incidents: Dutch export with BOM, semicolons, decimal commas, CRLF and lon/lat",
          "[io][csv]") {
  io::IncidentSourceConfig cfg;
  cfg.path = (test::fixtures() / "dutch_lonlat.csv").string();
  Loaded l = load(cfg);
  REQUIRE(l.t.size() == 2);
  CHECK(l.st.source_crs == "EPSG:4326");
  CHECK(l.st.x_column == "lengtegraad");
  CHECK(l.st.category_column == "soort");
  CHECK(l.st.time_column == "datum");
  // Reprojected to RD New: the Deventer centre.
  CHECK(l.t.x[0] == Approx(207350).margin(300));
  CHECK(l.t.y[0] == Approx(474050).margin(300));
  // 19:15Z in summer is 21:15 local, the same instant as the naive local row 1.
  CHECK(l.t.time[0] == l.t.time[1]);
}

TEST_CASE("io.incidents: swapped lon/lat is detected and reported", "[io][csv]") {
  io::IncidentSourceConfig cfg;
  cfg.path = (test::fixtures() / "swapped_lonlat.csv").string();
  Loaded l = load(cfg);
  CHECK(l.st.swapped_suspected);
  CHECK(l.log.find("look swapped") != std::string::npos);
  CHECK(l.t.size() == 0);
  CHECK(l.st.rejected == 3);
}

TEST_CASE("io.incidents: fatal problems name the file, the field and the fix", "[io][csv]") {
  test::TempDir d;
  SECTION("missing file") {
    io::IncidentSourceConfig cfg;
    cfg.path = (d / "nope.csv").string();
    try {
      load(cfg);
      FAIL();
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::InputMissing);
      CHECK(e.message().find("nope.csv") != std::string::npos);
    }
  }
  SECTION("empty file") {
    test::spit(d / "empty.csv", "");
    io::IncidentSourceConfig cfg;
    cfg.path = (d / "empty.csv").string();
    CHECK_THROWS_MATCHES(load(cfg), Error, Catch::Predicate<Error>([](const Error& e) {
                           return e.code() == ErrorCode::EmptyInput;
                         }));
  }
  SECTION("header only") {
    test::spit(d / "hdr.csv", "x,y\n");
    io::IncidentSourceConfig cfg;
    cfg.path = (d / "hdr.csv").string();
    CHECK_THROWS_MATCHES(load(cfg), Error, Catch::Predicate<Error>([](const Error& e) {
                           return e.code() == ErrorCode::EmptyInput;
                         }));
  }
  SECTION("no coordinate columns") {
    test::spit(d / "nocoord.csv", "a,b\n1,2\n");
    io::IncidentSourceConfig cfg;
    cfg.path = (d / "nocoord.csv").string();
    try {
      load(cfg);
      FAIL();
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::InputFormat);
      CHECK(e.message().find("--x-col") != std::string::npos);
      CHECK(e.message().find("a, b") != std::string::npos);
    }
  }
  SECTION("a named column that does not exist") {
    test::spit(d / "c.csv", "x,y\n1,2\n");
    io::IncidentSourceConfig cfg;
    cfg.path = (d / "c.csv").string();
    cfg.category_col = "soort";
    try {
      load(cfg);
      FAIL();
    } catch (const Error& e) {
      CHECK(e.where().field == "soort");
      CHECK(e.message().find("--category-col") != std::string::npos);
    }
  }
  SECTION("unknown CRS") {
    test::spit(d / "c.csv", "x,y\n208000,474000\n");
    io::IncidentSourceConfig cfg;
    cfg.path = (d / "c.csv").string();
    cfg.crs = "EPSG:123456789";
    CHECK_THROWS_MATCHES(load(cfg), Error, Catch::Predicate<Error>([](const Error& e) {
                           return e.code() == ErrorCode::Crs;
                         }));
  }
}

TEST_CASE("io.incidents: GeoJSON points through OGR, with their own CRS", "[io][ogr]") {
  test::TempDir d;
  test::spit(d / "p.geojson", R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"category":"drugs","timestamp":"2022-05-01T22:00:00"},"geometry":{"type":"Point","coordinates":[6.1553,52.2516]}},
    {"type":"Feature","properties":{"category":"drugs","timestamp":"not a time"},"geometry":{"type":"Point","coordinates":[6.1553,52.2516]}},
    {"type":"Feature","properties":{"category":"drugs"},"geometry":{"type":"LineString","coordinates":[[6.1,52.2],[6.2,52.3]]}},
    {"type":"Feature","properties":{"category":"drugs"},"geometry":null}
  ]})");
  io::IncidentSourceConfig cfg;
  cfg.path = (d / "p.geojson").string();
  Loaded l = load(cfg);
  CHECK(l.st.read == 4);
  CHECK(l.t.size() == 1);
  CHECK(l.t.x[0] == Approx(207350).margin(300));
  REQUIRE(l.rejects.size() == 3);
  CHECK(l.rejects.rows()[0].line == 2);
  CHECK(l.rejects.rows()[0].reason.rfind("bad timestamp", 0) == 0);
  CHECK(l.rejects.rows()[1].reason.rfind("not a point geometry", 0) == 0);
  CHECK(l.rejects.rows()[2].reason.rfind("empty or missing geometry", 0) == 0);
}

TEST_CASE("io.csv: numbers as analysts type them", "[io][csv]") {
  double v;
  CHECK((io::parse_number(" 208123,45 ", v) && v == 208123.45));
  CHECK((io::parse_number("+1.5", v) && v == 1.5));
  CHECK((io::parse_number("-3", v) && v == -3));
  CHECK_FALSE(io::parse_number("1,000.5", v));
  CHECK_FALSE(io::parse_number("1,2,3", v));
  CHECK_FALSE(io::parse_number("12abc", v));
  CHECK_FALSE(io::parse_number("", v));
}
