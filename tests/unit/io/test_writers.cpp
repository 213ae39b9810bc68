// Output writers: the density GeoTIFF (COG layout, overviews, round trip) and result tables.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>

#include "../../support.hpp"
#include "hotspot/io/gdal_handles.hpp"
#include "hotspot/io/raster.hpp"
#include "hotspot/io/table_writer.hpp"

#include <fmt/format.h>

using namespace hotspot;

TEST_CASE("raster: the density GeoTIFF is a Cloud Optimized GeoTIFF that reads back exactly",
          "[io][raster]") {
  test::TempDir d;
  // 700 x 600 cells: two overview levels (350 x 300, 175 x 150) until one tile holds all.
  const Grid g = Grid::from_extent(200000, 468000, 200000 + 700 * 25.0, 468000 + 600 * 25.0, 25);
  REQUIRE(g.ncols == 700);
  REQUIRE(g.nrows == 600);
  std::vector<double> v(static_cast<std::size_t>(g.size()));
  std::vector<std::uint8_t> mask(v.size(), 1);
  for (std::int64_t i = 0; i < g.size(); ++i) {
    const auto c = i % g.ncols, r = i / g.ncols;
    v[static_cast<std::size_t>(i)] =
        0.5 * static_cast<double>(c) + 1000.0 * static_cast<double>(r);  // float-exact
    if (c < 2) mask[static_cast<std::size_t>(i)] = 0;  // two nodata columns on the west
  }
  io::RasterWrite rw;
  rw.unit = "incidents/km2";
  rw.metadata["HOTSPOT_KERNEL"] = "quartic";
  io::write_geotiff(g, v, &mask, d / "o.tif", rw);

  io::DatasetPtr ds(GDALDataset::Open((d / "o.tif").c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  REQUIRE(ds);
  const char* layout = ds->GetMetadataItem("LAYOUT", "IMAGE_STRUCTURE");
  REQUIRE(layout != nullptr);
  CHECK(std::string(layout) == "COG");
  CHECK(std::string(ds->GetMetadataItem("COMPRESSION", "IMAGE_STRUCTURE")) == "DEFLATE");
  GDALRasterBand* b = ds->GetRasterBand(1);
  int bx = 0, by = 0;
  b->GetBlockSize(&bx, &by);
  CHECK(bx == 256);
  CHECK(by == 256);
  REQUIRE(b->GetOverviewCount() == 2);
  CHECK(b->GetOverview(0)->GetXSize() == 350);
  CHECK(b->GetOverview(1)->GetXSize() == 175);
  // Overviews average the valid cells: the NW 2 x 2 block of the first overview has only
  // nodata (columns 0-1), the next block averages columns 2-3 of the two top rows.
  float ov[2];
  REQUIRE(b->GetOverview(0)->RasterIO(GF_Read, 0, 0, 2, 1, ov, 2, 1, GDT_Float32, 0, 0) == CE_None);
  CHECK(ov[0] == -9999.0f);
  CHECK(ov[1] == Approx(0.5 * 2.5 + 1000.0 * 598.5));
  // Full resolution round trip: exact (values are representable in Float32), south-up rows.
  Grid back;
  std::map<std::string, std::string> md;
  const auto r = io::read_geotiff(d / "o.tif", back, &md);
  CHECK(back.xmin == g.xmin);
  CHECK(back.ymin == g.ymin);
  CHECK(md["HOTSPOT_KERNEL"] == "quartic");
  std::size_t nan = 0, mismatches = 0;
  for (std::size_t i = 0; i < r.size(); ++i) {
    if (std::isnan(r[i]))
      ++nan;
    else if (r[i] != v[i])
      ++mismatches;
  }
  CHECK(nan == 2u * 600u);
  CHECK(mismatches == 0);
}

TEST_CASE("table writer: a table given row by row writes the same bytes as the whole table",
          "[io]") {
  test::TempDir d;
  Table t;
  t.fields = {{"cell_id", FieldType::Integer}, {"name", FieldType::String}, {"z", FieldType::Real}};
  for (std::int64_t i = 0; i < 20000; ++i) {  // more than one write block
    t.rows.push_back({Value(i),
                      Value(i % 3 == 0 ? std::string("a, \"quoted\" one") : std::string("plain")),
                      i % 5 == 0 ? Value{} : Value(0.1 * static_cast<double>(i) - 3.0)});
    OGRGeometry* g = nullptr;
    const std::string wkt = fmt::format("POINT ({} {})", 200000 + i, 470000);
    OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &g);
    t.geometries.emplace_back(g);
  }
  io::RowSource src;
  src.fields = t.fields;
  src.size = t.rows.size();
  src.row = [&](std::size_t i, std::vector<Value>& row) { row = t.rows[i]; };
  src.geometry = [&](std::size_t i) { return GeometryPtr(t.geometries[i]->clone()); };
  for (const char* ext : {".csv", ".geojson"}) {
    io::write_table(t, d / (std::string("whole") + ext));
    io::write_table(src, d / (std::string("rows") + ext));
    const std::string a = test::slurp(d / (std::string("whole") + ext)),
                      b = test::slurp(d / (std::string("rows") + ext));
    CHECK(a.size() > 100000);
    CHECK(a == b);
  }
  const std::string csv = test::slurp(d / "rows.csv");
  CHECK(csv.rfind("cell_id,name,z\n0,\"a, \"\"quoted\"\" one\",\n1,plain,-2.9\n", 0) == 0);
}
