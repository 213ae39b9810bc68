#include <catch2/catch.hpp>

#include <cairo.h>

#include <set>

#include "../support.hpp"
#include "hotspot/io/gdal_handles.hpp"

namespace {
std::string q(const std::filesystem::path& p) {
  return "'" + p.string() + "'";
}

/// The result layers of a small run.
void make_results(const test::TempDir& d) {
  const std::string inc = q(test::geodata() / "deventer_incidents_synth.csv");
  REQUIRE(test::run_cli("join --areas " + q(test::geodata() / "deventer_buurten.geojson") +
                        " --incidents " + inc + " --out " + q(d / "buurten.geojson") + " -q")
              .exit_code == 0);
  REQUIRE(test::run_cli("density --incidents " + inc +
                            " --category jeugdoverlast --bandwidth-m 300 --cell-m 100 --out " +
                            q(d / "overlast.tif") + " --hotspots " + q(d / "hot.geojson") +
                            " --top 5% -q",
                        test::geodata().parent_path())
              .exit_code == 0);
  REQUIRE(test::run_cli("stats --incidents " + inc +
                        " --grid-m 500 --extent 203500,471000,223000,481750 --method gistar "
                        "--weights distance:1000 --out " +
                        q(d / "gistar.geojson") + " -q")
              .exit_code == 0);
  REQUIRE(test::run_cli("stats --incidents " + inc + " --areas " +
                        q(test::geodata() / "deventer_buurten.geojson") +
                        " --method lisa --permutations 99 --out " + q(d / "lisa.geojson") + " -q")
              .exit_code == 0);
  REQUIRE(test::run_cli("route --stops " + q(test::geodata() / "deventer_locaties.geojson") +
                        " --shift 19:00-23:00 --iterations 20 --out " + q(d / "routes") + " -q")
              .exit_code == 0);
}
}  // namespace

TEST_CASE("cli.export: one GeoPackage with every layer and its style, and a project",
          "[cli][export]") {
  test::TempDir d;
  make_results(d);
  auto r = test::run_cli(
      "export --gpkg " + q(d / "map.gpkg") + " " + q(d / "buurten.geojson") + " " +
      q(d / "overlast.tif") + " " + q(d / "hot.geojson") + " " + q(d / "gistar.geojson") + " " +
      q(d / "lisa.geojson") + " " + q(d / "routes" / "routes.geojson") + " " +
      q(d / "routes" / "stops.geojson") + " " + q(test::geodata() / "deventer_locaties.geojson"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto ds = hotspot::io::open_vector((d / "map.gpkg").string());
  std::set<std::string> names;
  for (auto* l : ds->GetLayers()) names.insert(l->GetName());
  for (const char* want :
       {"buurten", "hot", "gistar", "lisa", "routes", "stops", "deventer_locaties", "layer_styles"})
    CHECK(names.count(want) == 1);
  // One default style per layer (the raster too).
  std::map<std::string, std::string> qml;
  for (auto& f : *ds->GetLayerByName("layer_styles"))
    qml[f->GetFieldAsString("f_table_name")] = f->GetFieldAsString("styleQML");
  CHECK(qml.size() == 8);
  CHECK(qml["gistar"].find("categorizedSymbol") != std::string::npos);
  CHECK(qml["gistar"].find("Hot spot - 99% confidence") != std::string::npos);
  CHECK(qml["lisa"].find("High-High") != std::string::npos);
  CHECK(qml["buurten"].find("graduatedSymbol") != std::string::npos);
  CHECK(qml["overlast"].find("singlebandpseudocolor") != std::string::npos);
  CHECK(qml["deventer_locaties"].find("<labeling type=\"simple\">") != std::string::npos);
  CHECK(qml["stops"].find("fieldName=\"seq\"") != std::string::npos);
  // The raster is in the GeoPackage as well, in RD New.
  hotspot::io::DatasetPtr rs(GDALDataset::Open(
      ("GPKG:" + (d / "map.gpkg").string() + ":overlast").c_str(), GDAL_OF_RASTER));
  REQUIRE(rs);
  CHECK(hotspot::io::srs_to_string(rs->GetSpatialRef()) == "EPSG:28992");
  CHECK(std::filesystem::exists(d / "map.qgs"));
  CHECK(test::slurp(d / "map.qgs").find("./map.gpkg|layername=buurten") != std::string::npos);
}

TEST_CASE("cli.export: raw incident points are refused unless asked for", "[cli][export]") {
  test::TempDir d;
  test::spit(
      d / "points.geojson",
      R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"category":"drugs","timestamp":"2022-01-01T10:00:00"},"geometry":{"type":"Point","coordinates":[6.15,52.25]}}]})");
  auto r = test::run_cli("export --gpkg " + q(d / "m.gpkg") + " " + q(d / "points.geojson"));
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("personal data") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(d / "m.gpkg"));
  CHECK(test::run_cli("export --include-points --gpkg " + q(d / "m.gpkg") + " " +
                      q(d / "points.geojson"))
            .exit_code == 0);
}

TEST_CASE("cli.render: a PNG of the requested size that is not blank", "[cli][export]") {
  test::TempDir d;
  make_results(d);
  auto r = test::run_cli("render --out " + q(d / "map.png") +
                         " --width-px 900 --height-px 700 --dpi 100 --title Test " +
                         q(d / "buurten.geojson") + " " + q(d / "overlast.tif") + " " +
                         q(d / "gistar.geojson") + " " + q(d / "routes" / "routes.geojson") + " " +
                         q(d / "routes" / "stops.geojson"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  cairo_surface_t* s = cairo_image_surface_create_from_png((d / "map.png").c_str());
  REQUIRE(cairo_surface_status(s) == CAIRO_STATUS_SUCCESS);
  CHECK(cairo_image_surface_get_width(s) == 900);
  CHECK(cairo_image_surface_get_height(s) == 700);
  const int stride = cairo_image_surface_get_stride(s);
  const unsigned char* px = cairo_image_surface_get_data(s);
  std::set<std::uint32_t> colours;
  std::size_t non_white = 0;
  for (int y = 0; y < 700; ++y)
    for (int x = 0; x < 900; ++x) {
      const auto v = *reinterpret_cast<const std::uint32_t*>(px + y * stride + x * 4) & 0xFFFFFF;
      colours.insert(v);
      non_white += v != 0xFFFFFF;
    }
  cairo_surface_destroy(s);
  CHECK(colours.size() > 20);        // a map, not a flat fill
  CHECK(non_white > 900 * 700 / 5);  // at least a fifth of the picture is drawn
  CHECK(
      test::run_cli("render --out " + q(d / "x.png") + " --width-px 10 " + q(d / "buurten.geojson"))
          .exit_code == 2);
}
