#include <catch2/catch.hpp>

#include <cairo.h>

#include <map>
#include <regex>
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
                        " --incidents " + inc + " --by year --out " + q(d / "buurten.geojson") +
                        " -q")
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
  // Dutch class names under the Dutch titles by default; --lang en for English.
  CHECK(qml["gistar"].find("Hotspot (99% betrouwbaar)") != std::string::npos);
  CHECK(qml["lisa"].find("Hoog-hoog") != std::string::npos);
  CHECK(qml["buurten"].find("graduatedSymbol") != std::string::npos);
  // A rate (incidents per km2), not the raw multi-year count, with round breaks.
  CHECK(qml["buurten"].find("density_km2") != std::string::npos);
  CHECK(qml["buurten"].find("n_incidents") == std::string::npos);
  CHECK(qml["buurten"].find(" en meer\"") != std::string::npos);
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
  REQUIRE(test::run_cli("export --lang en --gpkg " + q(d / "en.gpkg") + " " +
                        q(d / "gistar.geojson") + " -q")
              .exit_code == 0);
  CHECK(test::slurp(d / "en.qgs").find("Hot spot - 99% confidence") != std::string::npos);
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

namespace {

/// Pixels of a PNG by colour (0xRRGGBB).
std::map<std::uint32_t, std::size_t> colour_counts(const std::filesystem::path& png) {
  std::map<std::uint32_t, std::size_t> out;
  cairo_surface_t* s = cairo_image_surface_create_from_png(png.c_str());
  REQUIRE(cairo_surface_status(s) == CAIRO_STATUS_SUCCESS);
  const int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
  const int stride = cairo_image_surface_get_stride(s);
  const unsigned char* px = cairo_image_surface_get_data(s);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      ++out[*reinterpret_cast<const std::uint32_t*>(px + y * stride + x * 4) & 0xFFFFFF];
  cairo_surface_destroy(s);
  return out;
}

std::size_t count_of(const std::map<std::uint32_t, std::size_t>& c, std::uint32_t rgb) {
  auto it = c.find(rgb);
  return it == c.end() ? 0 : it->second;
}

}  // namespace

TEST_CASE("cli.render: a map series, one theme per map, as PNG, PDF and SVG",
          "[cli][export][render]") {
  test::TempDir d;
  make_results(d);
  const std::string layers = q(d / "buurten.geojson") + " " + q(d / "overlast.tif") + " " +
                             q(d / "hot.geojson") + " " + q(d / "gistar.geojson") + " " +
                             q(d / "lisa.geojson") + " " + q(d / "routes" / "routes.geojson") +
                             " " + q(d / "routes" / "stops.geojson") + " " +
                             q(test::geodata() / "deventer_locaties.geojson");
  auto r = test::run_cli("render --theme all --out " + q(d / "k.png") + " " + layers);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  for (const char* f : {"k_overview.png", "k_overlast.png", "k_hotspots_gistar.png",
                        "k_clusters_lisa.png", "k_routes.png"})
    CHECK(std::filesystem::exists(d / f));
  CHECK_FALSE(std::filesystem::exists(d / "k_score.png"));  // no scored layer given
  CHECK_FALSE(std::filesystem::exists(d / "k.png"));
  // Every named place is labelled somewhere: on the map, or in the inset of the centre.
  CHECK(r.err.find("k_overview.png: 14 label(s)") != std::string::npos);
  CHECK(r.err.find("inset (Binnenstad)") != std::string::npos);
  CHECK_FALSE(std::regex_search(r.err, std::regex("[1-9][0-9]* dropped")));
  // One theme per map: the buurten's blues (ColorBrewer Blues) only on the overview, the Gi*
  // hot spot red only on the hot spot map.
  const std::uint32_t blue = 0x08519c, gi_hot = 0xd73027;
  const auto overview = colour_counts(d / "k_overview.png");
  const auto hot = colour_counts(d / "k_hotspots_gistar.png");
  const auto density = colour_counts(d / "k_overlast.png");
  CHECK(count_of(overview, blue) > 2000);
  CHECK(count_of(overview, gi_hot) == 0);
  CHECK(count_of(hot, gi_hot) > 2000);
  CHECK(count_of(hot, blue) == 0);
  CHECK(count_of(density, blue) == 0);
  CHECK(count_of(density, gi_hot) == 0);

  // Vector output for print: a PDF that GDAL reads back as the page, titled by its theme, and
  // the same bytes on a second run; an SVG.
  REQUIRE(test::run_cli("render --out " + q(d / "o.pdf") + " " + layers + " -q").exit_code == 0);
  REQUIRE(test::run_cli("render --out " + q(d / "o2.pdf") + " " + layers + " -q").exit_code == 0);
  CHECK(test::slurp(d / "o.pdf").rfind("%PDF-", 0) == 0);
  CHECK(test::slurp(d / "o.pdf") == test::slurp(d / "o2.pdf"));
  REQUIRE(
      test::run_cli("render --lang en --out " + q(d / "en.pdf") + " " + layers + " -q").exit_code ==
      0);
  if (GDALGetDriverByName("PDF")) {
    hotspot::io::DatasetPtr pdf(GDALDataset::Open((d / "o.pdf").c_str(), GDAL_OF_RASTER));
    REQUIRE(pdf);
    CHECK(pdf->GetRasterXSize() == 1600);  // 1600 px at 150 dpi
    CHECK(std::string(pdf->GetMetadataItem("TITLE")) ==
          "Overzicht: Incidenten per buurt (per km\u00b2, totaal 2018-2022)");
    std::vector<unsigned char> band(1600 * 1200);
    REQUIRE(pdf->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, 1600, 1200, band.data(), 1600, 1200,
                                            GDT_Byte, 0, 0) == CE_None);
    std::size_t drawn = 0;
    for (unsigned char v : band) drawn += v < 250;
    CHECK(drawn > band.size() / 5);
    hotspot::io::DatasetPtr en(GDALDataset::Open((d / "en.pdf").c_str(), GDAL_OF_RASTER));
    REQUIRE(en);
    CHECK(std::string(en->GetMetadataItem("TITLE")) ==
          "Overview: Incidents per neighbourhood (per km\u00b2, total 2018-2022)");
  } else {
    WARN("GDAL has no PDF driver here: the PDF is not read back");
  }
  REQUIRE(test::run_cli("render --theme routes --out " + q(d / "r.svg") + " " + layers + " -q")
              .exit_code == 0);
  const std::string svg = test::slurp(d / "r.svg");
  CHECK(svg.rfind("<?xml", 0) == 0);
  CHECK(svg.find("<svg") != std::string::npos);
  CHECK(svg.find("width=\"768pt\"") != std::string::npos);  // 1600 px at 150 dpi

  // What cannot be drawn is refused, naming what can; nothing is written.
  r = test::run_cli("render --theme nergens --out " + q(d / "x.png") + " " + layers);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("'nergens'") != std::string::npos);
  CHECK(r.err.find("hotspots:gistar") != std::string::npos);
  r = test::run_cli("render --theme hotspots --out " + q(d / "x.png") + " " + layers + " " +
                    q(d / "gistar.geojson"));
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("choose one of hotspots:gistar") != std::string::npos);
  r = test::run_cli("render --out " + q(d / "x.jpg") + " " + layers);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(".pdf or .svg") != std::string::npos);
  r = test::run_cli("render --lang de --out " + q(d / "x.png") + " " + layers);
  CHECK(r.exit_code == 2);
  CHECK_FALSE(std::filesystem::exists(d / "x.png"));
  CHECK_FALSE(std::filesystem::exists(d / "x.jpg"));

  // A full disk (a file-size limit): the previous map stays, no half file is left.
  const std::string before = test::slurp(d / "o.pdf");
  r = test::run_cli_limited("ulimit -f 20", "render --out " + q(d / "o.pdf") + " " + layers);
  CHECK(r.exit_code == 7);
  CHECK(test::slurp(d / "o.pdf") == before);
  for (const auto& e : std::filesystem::directory_iterator(d.path))
    CHECK(e.path().filename().string().find(".tmp") == std::string::npos);
}
