#include <catch2/catch.hpp>

#include "../../support.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/io/area_reader.hpp"
#include "hotspot/io/gdal_handles.hpp"
#include "hotspot/io/table_writer.hpp"
#include "hotspot/join/join.hpp"

#include <set>

#include <fmt/format.h>

using namespace hotspot;

namespace {
/// A GeoPackage shaped like the CBS/PDOK `wijkenbuurten` download: layers buurten, wijken
/// and gemeenten in EPSG:28992, CBS field names, and -99997 for a secret figure.
void make_pdok_like(const std::filesystem::path& path) {
  io::ensure_gdal();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
  io::DatasetPtr ds(drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  io::SrsPtr srs = io::make_srs("EPSG:28992");
  struct B {
    const char* code;
    const char* gm;
    std::int64_t pop;
    double x0, y0;
  };
  for (const char* lname : {"buurten", "wijken", "gemeenten"}) {
    OGRLayer* l = ds->CreateLayer(lname, srs.get(), wkbMultiPolygon, nullptr);
    OGRFieldDefn f1("buurtcode", OFTString), f2("gemeentecode", OFTString),
        f3("aantal_inwoners", OFTInteger64);
    REQUIRE(l->CreateField(&f1) == OGRERR_NONE);
    REQUIRE(l->CreateField(&f2) == OGRERR_NONE);
    REQUIRE(l->CreateField(&f3) == OGRERR_NONE);
    if (std::string(lname) != "buurten") continue;
    for (B b : {B{"BU01500101", "GM0150", 2000, 207000, 473000},
                B{"BU01500102", "GM0150", -99997, 208000, 473000},
                B{"BU00340101", "GM0034", 5000, 150000, 480000}}) {
      io::FeaturePtr f(OGRFeature::CreateFeature(l->GetLayerDefn()));
      f->SetField("buurtcode", b.code);
      f->SetField("gemeentecode", b.gm);
      f->SetField("aantal_inwoners", static_cast<GIntBig>(b.pop));
      OGRGeometry* g = nullptr;
      const std::string wkt =
          fmt::format("MULTIPOLYGON((({0} {1},{2} {1},{2} {3},{0} {3},{0} {1})))", b.x0, b.y0,
                      b.x0 + 1000, b.y0 + 1000);
      OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &g);
      f->SetGeometryDirectly(g);
      REQUIRE(l->CreateFeature(f.get()) == OGRERR_NONE);
    }
  }
}
}  // namespace

TEST_CASE("io.areas: the CBS/PDOK wijkenbuurten GeoPackage as published", "[io][areas]") {
  test::TempDir d;
  const auto gpkg = d / "wijkenbuurten_2024.gpkg";
  make_pdok_like(gpkg);
  RunContext ctx;
  ctx.verbosity = Verbosity::Quiet;
  io::AreaSourceConfig cfg;
  cfg.path = gpkg.string();

  SECTION("several polygon layers and none chosen: the error lists them") {
    try {
      io::read_areas(cfg, ctx);
      FAIL();
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::InputFormat);
      CHECK(e.message().find("buurten, wijken, gemeenten") != std::string::npos);
      CHECK(e.message().find("--areas-layer") != std::string::npos);
    }
  }
  SECTION("a layer and a municipality filter") {
    cfg.layer = "buurten";
    cfg.where = "gemeentecode = 'GM0150'";
    AreaLayer a = io::read_areas(cfg, ctx);
    REQUIRE(a.size() == 2);
    CHECK(a.area_m2[0] == Approx(1e6));
    // A CBS secrecy code is not a population: no rate for that buurt.
    IncidentTable inc;
    inc.push(207500, 473500, kNoTime, inc.categories.id_of("drugs"), 1, 2);
    inc.push(208500, 473500, kNoTime, inc.categories.id_of("drugs"), 1, 3);
    join::JoinConfig jc;
    const auto r = join::join_points(inc, a, jc, ctx);
    const Table t = join::counts_table(a, inc, r, jc, ctx);
    const int rate = t.field_index("rate_per_1000");
    REQUIRE(rate >= 0);
    CHECK(std::get<double>(t.rows[0][static_cast<std::size_t>(rate)]) == Approx(0.5));
    CHECK(std::holds_alternative<std::monostate>(t.rows[1][static_cast<std::size_t>(rate)]));
  }
  SECTION("a bad filter is a usage error") {
    cfg.layer = "buurten";
    cfg.where = "gemeentecode = = 'GM0150'";
    CHECK_THROWS_MATCHES(
        io::read_areas(cfg, ctx), Error,
        Catch::Predicate<Error>([](const Error& e) { return e.code() == ErrorCode::Usage; }));
  }
  SECTION("a filter that matches nothing") {
    cfg.layer = "buurten";
    cfg.where = "gemeentecode = 'GM9999'";
    CHECK_THROWS_MATCHES(
        io::read_areas(cfg, ctx), Error,
        Catch::Predicate<Error>([](const Error& e) { return e.code() == ErrorCode::EmptyInput; }));
  }
}

TEST_CASE("io.areas: invalid polygons are repaired with make-valid and reported", "[io][areas]") {
  test::TempDir d;
  // A bow-tie (self-intersecting) square: invalid; make-valid gives two triangles.
  test::spit(d / "bowtie.geojson", R"({"type":"FeatureCollection",
    "crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[
    {"type":"Feature","properties":{"name":"bowtie"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[100,100],[100,0],[0,100],[0,0]]]}},
    {"type":"Feature","properties":{"name":"line"},"geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]}}]})");
  char* buf = nullptr;
  std::size_t len = 0;
  FILE* mem = open_memstream(&buf, &len);
  RunContext ctx;
  ctx.log_stream = mem;
  io::AreaSourceConfig cfg;
  cfg.path = (d / "bowtie.geojson").string();
  AreaLayer a = io::read_areas(cfg, ctx);
  std::fclose(mem);
  const std::string log(buf, len);
  std::free(buf);
  REQUIRE(a.size() == 1);
  CHECK(a.repaired == 1);
  CHECK(a.table.geometries[0]->IsValid());
  CHECK(a.area_m2[0] == Approx(5000));  // two triangles of 2,500 m2
  CHECK(log.find("repaired with make-valid (bowtie)") != std::string::npos);
  CHECK(log.find("1 feature(s) without a usable polygon") != std::string::npos);
}

TEST_CASE("io.areas: the shipped Deventer layers", "[io][areas][geodata]") {
  RunContext ctx;
  ctx.verbosity = Verbosity::Quiet;
  io::AreaSourceConfig cfg;
  cfg.path = (test::geodata() / "deventer_buurten.geojson").string();
  AreaLayer b = io::read_areas(cfg, ctx);
  CHECK(b.size() == 69);
  CHECK(b.repaired == 0);
  double total = 0;
  for (double m2 : b.area_m2) total += m2;
  CHECK(total / 1e4 == Approx(13356).epsilon(0.01));  // SOURCES.md: 13,356 ha

  cfg.path = (test::geodata() / "deventer_locaties.geojson").string();
  AreaLayer loc = io::read_areas(cfg, ctx);
  std::set<std::string> names, kinds;
  const int ni = loc.table.field_index("name"), ki = loc.table.field_index("kind");
  for (const auto& row : loc.table.rows) {
    names.insert(std::get<std::string>(row[static_cast<std::size_t>(ni)]));
    kinds.insert(std::get<std::string>(row[static_cast<std::size_t>(ki)]));
  }
  for (const char* want : {"Boreelplein", "Andriessenplein", "Beestenmarkt", "IJsselstrandjes",
                           "Bergweide 3", "Bergweide 4", "Brink", "Grote Kerkhof", "Worpplantsoen",
                           "Pothoofdkade", "Boxbergerweg", "Rielerweg"})
    CHECK(names.count(want) == 1);
  CHECK(kinds == std::set<std::string>{"square", "industrial_estate", "riverbank", "street",
                                       "event_site", "stadium", "quay", "bridge"});
}

TEST_CASE("io.write: GeoJSON out is RFC 7946, GeoPackage keeps RD New", "[io][write]") {
  test::TempDir d;
  RunContext ctx;
  ctx.verbosity = Verbosity::Quiet;
  io::AreaSourceConfig cfg;
  cfg.path = (test::geodata() / "deventer_wijken.geojson").string();
  AreaLayer w = io::read_areas(cfg, ctx);
  io::write_table(w.table, d / "w.geojson");
  io::write_table(w.table, d / "w.gpkg");
  const std::string js = test::slurp(d / "w.geojson");
  CHECK(js.find("\"crs\"") == std::string::npos);
  CHECK(js.find("[ [ [ 6.") != std::string::npos);  // lon first, ~6 E
  io::DatasetPtr ds = io::open_vector((d / "w.gpkg").string());
  OGRLayer* l = ds->GetLayer(0);
  CHECK(io::srs_to_string(l->GetSpatialRef()) == "EPSG:28992");
  CHECK(l->GetFeatureCount() == 15);
  // Determinism: the same table twice gives the same bytes.
  std::filesystem::create_directories(d / "again");
  io::write_table(w.table, d / "again" / "w.gpkg");
  io::write_table(w.table, d / "again" / "w.geojson");
  CHECK(test::slurp(d / "w.gpkg") == test::slurp(d / "again" / "w.gpkg"));
  CHECK(test::slurp(d / "w.geojson") == test::slurp(d / "again" / "w.geojson"));
}
