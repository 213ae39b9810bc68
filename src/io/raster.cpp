#include "hotspot/io/raster.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <cpl_conv.h>
#include <gdal_alg.h>
#include <cpl_string.h>
#include <fmt/format.h>

#include "hotspot/core/atomic_file.hpp"
#include "hotspot/core/column.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/io/gdal_handles.hpp"

namespace hotspot::io {

namespace {
/// A one-band in-memory raster; over `data` (north-up, caller-owned, outliving the dataset)
/// when given, else GDAL allocates it.
DatasetPtr mem_raster(const Grid& g, GDALDataType t, const std::string& crs, void* data = nullptr) {
  ensure_gdal();
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  DatasetPtr ds(mem->Create("", static_cast<int>(g.ncols), static_cast<int>(g.nrows), data ? 0 : 1,
                            t, nullptr));
  if (!ds)
    throw Error(ErrorCode::Resource,
                fmt::format("cannot allocate a {} x {} raster", g.ncols, g.nrows));
  if (data) {
    CPLStringList opt;
    opt.SetNameValue("DATAPOINTER", fmt::format("{}", data).c_str());
    const CPLErr err = ds->AddBand(t, opt.List());
    if (err != CE_None) throw Error(ErrorCode::Internal, "cannot wrap the raster buffer");
  }
  double gt[6] = {g.xmin, g.cell_m, 0, g.ymax(), 0, -g.cell_m};
  ds->SetGeoTransform(gt);
  SrsPtr srs = make_srs(crs);
  ds->SetSpatialRef(srs.get());
  return ds;
}
}  // namespace

std::vector<std::uint8_t> rasterize_mask(const AreaLayer& areas, const Grid& g) {
  DatasetPtr ds = mem_raster(g, GDT_Byte, areas.table.crs);
  std::vector<OGRGeometryH> geoms;
  for (const auto& geom : areas.table.geometries)
    geoms.push_back(OGRGeometry::ToHandle(geom.get()));
  int band = 1;
  std::vector<double> burn(geoms.size(), 1.0);
  ScopedGdalErrors errs;
  if (GDALRasterizeGeometries(GDALDataset::ToHandle(ds.get()), 1, &band,
                              static_cast<int>(geoms.size()), geoms.data(), nullptr, nullptr,
                              burn.data(), nullptr, nullptr, nullptr) != CE_None)
    throw Error(ErrorCode::Internal, fmt::format("rasterizing the mask failed ({})", errs.last()),
                {areas.source});
  std::vector<std::uint8_t> north(static_cast<std::size_t>(g.size()));
  if (ds->GetRasterBand(1)->RasterIO(
          GF_Read, 0, 0, static_cast<int>(g.ncols), static_cast<int>(g.nrows), north.data(),
          static_cast<int>(g.ncols), static_cast<int>(g.nrows), GDT_Byte, 0, 0) != CE_None)
    throw Error(ErrorCode::Internal, "reading the mask back failed");
  std::vector<std::uint8_t> out(north.size());
  for (std::int64_t r = 0; r < g.nrows; ++r)
    std::copy_n(north.begin() + (g.nrows - 1 - r) * g.ncols, g.ncols, out.begin() + r * g.ncols);
  return out;
}

void write_geotiff(const Grid& g, const std::vector<double>& values,
                   const std::vector<std::uint8_t>* mask, const std::filesystem::path& path,
                   const RasterWrite& opt) {
  Column<float> north(static_cast<std::size_t>(g.size()));
  for (std::int64_t r = 0; r < g.nrows; ++r)
    for (std::int64_t c = 0; c < g.ncols; ++c) {
      const std::size_t src = static_cast<std::size_t>(r * g.ncols + c);
      const std::size_t dst = static_cast<std::size_t>((g.nrows - 1 - r) * g.ncols + c);
      const bool in = !mask || (*mask)[src];
      north[dst] = in && std::isfinite(values[src]) ? static_cast<float>(values[src]) : opt.nodata;
    }
  DatasetPtr ds = mem_raster(g, GDT_Float32, opt.crs, north.data());
  GDALRasterBand* b = ds->GetRasterBand(1);
  b->SetNoDataValue(opt.nodata);
  if (!opt.band_description.empty()) b->SetDescription(opt.band_description.c_str());
  if (!opt.unit.empty()) b->SetUnitType(opt.unit.c_str());
  for (const auto& [k, v] : opt.metadata) ds->SetMetadataItem(k.c_str(), v.c_str());

  // Cloud Optimized layout without the COG driver's detour: the COG driver writes its
  // overviews to a temporary compressed file first (half the time of a write here); building
  // them in memory and copying with COPY_SRC_OVERVIEWS gives the same layout (IFDs first,
  // overviews before the full resolution, tiles in order; GDAL tags it LAYOUT=COG).
  ScopedGdalErrors errs;
  std::vector<int> levels;
  for (int f = 2; std::max(g.ncols, g.nrows) / (f / 2) > 256; f *= 2) levels.push_back(f);
  CPLSetThreadLocalConfigOption("GDAL_NUM_THREADS", "ALL_CPUS");  // overviews computed in parallel
  struct Unset {
    ~Unset() { CPLSetThreadLocalConfigOption("GDAL_NUM_THREADS", nullptr); }
  } unset;
  if (!levels.empty() && ds->BuildOverviews("AVERAGE", static_cast<int>(levels.size()),
                                            levels.data(), 0, nullptr, nullptr, nullptr) != CE_None)
    throw Error(ErrorCode::Internal,
                fmt::format("building the overviews failed ({})", errs.last()));
  GDALDriver* gtiff = GetGDALDriverManager()->GetDriverByName("GTiff");
  AtomicFile f(path);
  MemoryFile mem(path.filename().string());
  CPLStringList co;
  co.SetNameValue("TILED", "YES");
  co.SetNameValue("BLOCKXSIZE", "256");
  co.SetNameValue("BLOCKYSIZE", "256");
  co.SetNameValue("COMPRESS", "DEFLATE");
  co.SetNameValue("PREDICTOR", "3");  // floating-point predictor
  co.SetNameValue("ZLEVEL", "1");     // 3 % larger than level 6, twice as fast
  co.SetNameValue("COPY_SRC_OVERVIEWS", "YES");
  co.SetNameValue("NUM_THREADS", "ALL_CPUS");  // parallel compression; output unchanged
  DatasetPtr out(
      gtiff->CreateCopy(mem.path().c_str(), ds.get(), FALSE, co.List(), nullptr, nullptr));
  if (!out)
    throw Error(ErrorCode::Output, fmt::format("cannot write the GeoTIFF ({})", errs.last()),
                {path.string()}, "check that the folder exists and is writable");
  out.reset();
  if (errs.failures() > 0)  // a write that failed on the way or at close (full disk)
    throw Error(
        ErrorCode::Output, fmt::format("cannot write the GeoTIFF ({})", errs.last()),
        {path.string()},
        "free disk space and check that the folder is writable (the previous file is kept)");
  mem.copy_to(f);
  f.commit();
}

std::vector<double> read_geotiff(const std::filesystem::path& path, Grid& g,
                                 std::map<std::string, std::string>* md) {
  ensure_gdal();
  if (!std::filesystem::exists(path))
    throw Error(ErrorCode::InputMissing, "file not found", {path.string()});
  DatasetPtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  if (!ds) throw Error(ErrorCode::InputFormat, "GDAL cannot open this raster", {path.string()});
  double gt[6];
  ds->GetGeoTransform(gt);
  g.cell_m = gt[1];
  g.ncols = ds->GetRasterXSize();
  g.nrows = ds->GetRasterYSize();
  g.xmin = gt[0];
  g.ymin = gt[3] + gt[5] * static_cast<double>(g.nrows);
  GDALRasterBand* b = ds->GetRasterBand(1);
  std::vector<double> north(static_cast<std::size_t>(g.size()));
  if (b->RasterIO(GF_Read, 0, 0, static_cast<int>(g.ncols), static_cast<int>(g.nrows), north.data(),
                  static_cast<int>(g.ncols), static_cast<int>(g.nrows), GDT_Float64, 0,
                  0) != CE_None)
    throw Error(ErrorCode::InputFormat, "cannot read band 1", {path.string()});
  int has_nd = 0;
  const double nd = b->GetNoDataValue(&has_nd);
  std::vector<double> out(north.size());
  for (std::int64_t r = 0; r < g.nrows; ++r)
    for (std::int64_t c = 0; c < g.ncols; ++c) {
      const double v = north[static_cast<std::size_t>((g.nrows - 1 - r) * g.ncols + c)];
      out[static_cast<std::size_t>(r * g.ncols + c)] =
          has_nd && v == nd ? std::numeric_limits<double>::quiet_NaN() : v;
    }
  if (md) {
    char** items = ds->GetMetadata();
    for (int i = 0; items && items[i]; ++i) {
      char* key = nullptr;
      const char* val = CPLParseNameValue(items[i], &key);
      const CplString owned(key);
      if (key) (*md)[key] = val ? val : "";
    }
  }
  return out;
}

std::vector<GeometryPtr> polygonize_labels(const Grid& g, const std::vector<std::int32_t>& labels,
                                           int n_labels, const std::string& crs) {
  DatasetPtr ds = mem_raster(g, GDT_Int32, crs);
  std::vector<std::int32_t> north(labels.size());
  for (std::int64_t r = 0; r < g.nrows; ++r)
    std::copy_n(labels.begin() + r * g.ncols, g.ncols, north.begin() + (g.nrows - 1 - r) * g.ncols);
  GDALRasterBand* b = ds->GetRasterBand(1);
  if (b->RasterIO(GF_Write, 0, 0, static_cast<int>(g.ncols), static_cast<int>(g.nrows),
                  north.data(), static_cast<int>(g.ncols), static_cast<int>(g.nrows), GDT_Int32, 0,
                  0) != CE_None)
    throw Error(ErrorCode::Internal, "filling the label raster failed");
  b->SetNoDataValue(-1);  // polygonize skips nodata through the mask flag below
  GDALDriver* memv = GetGDALDriverManager()->GetDriverByName("Memory");
  DatasetPtr vds(memv->Create("", 0, 0, 0, GDT_Unknown, nullptr));
  SrsPtr srs = make_srs(crs);
  OGRLayer* layer = vds->CreateLayer("regions", srs.get(), wkbPolygon, nullptr);
  OGRFieldDefn fd("label", OFTInteger);
  if (layer->CreateField(&fd) != OGRERR_NONE)
    throw Error(ErrorCode::Internal, "polygonize: cannot create field");
  ScopedGdalErrors errs;
  if (GDALPolygonize(GDALRasterBand::ToHandle(b), GDALRasterBand::ToHandle(b->GetMaskBand()),
                     OGRLayer::ToHandle(layer), 0, nullptr, nullptr, nullptr) != CE_None)
    throw Error(ErrorCode::Internal, fmt::format("polygonize failed ({})", errs.last()));
  std::vector<GeometryPtr> out(static_cast<std::size_t>(n_labels));
  layer->ResetReading();
  for (FeaturePtr f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature())) {
    const int lab = f->GetFieldAsInteger(0);
    if (lab < 0 || lab >= n_labels) continue;
    auto& slot = out[static_cast<std::size_t>(lab)];
    const OGRGeometry* geom = f->GetGeometryRef();
    if (!slot) slot.reset(std::make_unique<OGRMultiPolygon>().release());
    slot->toMultiPolygon()->addGeometry(geom);
  }
  return out;
}

}  // namespace hotspot::io
