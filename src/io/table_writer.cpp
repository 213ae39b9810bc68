#include "hotspot/io/table_writer.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>

#include <cpl_conv.h>
#include <fmt/format.h>

#include "hotspot/core/atomic_file.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/crs/transform.hpp"
#include "hotspot/io/area_reader.hpp"
#include "hotspot/io/gdal_handles.hpp"

namespace hotspot::io {

namespace fs = std::filesystem;

TableFormat format_from_path(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext == ".geojson" || ext == ".json") return TableFormat::GeoJson;
  if (ext == ".csv") return TableFormat::Csv;
  if (ext == ".gpkg") return TableFormat::GeoPackage;
  throw Error(ErrorCode::Usage, fmt::format("cannot tell the output format from '{}'", p.string()), {},
              "end the output name in .geojson, .csv or .gpkg");
}

std::string csv_cell(const Value& v) {
  if (std::holds_alternative<std::monostate>(v)) return {};
  if (auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&v)) return std::isfinite(*d) ? fmt::format("{}", *d) : std::string();
  const std::string& s = std::get<std::string>(v);
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

namespace {

void write_csv(const Table& t, const fs::path& path) {
  AtomicFile f(path);
  {
    std::ofstream os(f.temp_path(), std::ios::binary);
    std::string line;
    for (std::size_t j = 0; j < t.fields.size(); ++j) {
      if (j) line += ',';
      line += csv_cell(Value(t.fields[j].name));
    }
    os << line << '\n';
    for (const auto& row : t.rows) {
      line.clear();
      for (std::size_t j = 0; j < row.size(); ++j) {
        if (j) line += ',';
        line += csv_cell(row[j]);
      }
      os << line << '\n';
    }
    os.flush();
    if (!os) throw Error(ErrorCode::Output, "cannot write the file", {path.string()}, "check disk space and permissions");
  }
  f.commit();
}

OGRFieldType ogr_type(FieldType t) {
  switch (t) {
    case FieldType::Integer: return OFTInteger64;
    case FieldType::Real: return OFTReal;
    default: return OFTString;
  }
}

/// Pin timestamps GDAL would otherwise take from the clock (GeoPackage gpkg_contents).
class ScopedDeterministicGdal {
 public:
  ScopedDeterministicGdal() { CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", "2000-01-01T00:00:00.000Z"); }
  ~ScopedDeterministicGdal() { CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", nullptr); }
};

void write_ogr(const Table& t, const fs::path& path, TableFormat fmt_, const WriteOptions& opt) {
  ensure_gdal();
  ScopedDeterministicGdal pin;
  ScopedGdalErrors errs;
  const bool geojson = fmt_ == TableFormat::GeoJson;
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(geojson ? "GeoJSON" : "GPKG");
  if (!drv) throw Error(ErrorCode::Internal, "GDAL driver missing", {path.string()});
  AtomicFile f(path);
  {
    DatasetPtr ds(drv->Create(f.temp_path().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds)
      throw Error(ErrorCode::Output, fmt::format("cannot create the file ({})", errs.last()), {path.string()},
                  "check that the folder exists and is writable");
    const std::string out_crs = geojson ? "EPSG:4326" : t.crs;
    SrsPtr srs = make_srs(out_crs);
    OGRwkbGeometryType gtype = wkbNone;
    if (!t.geometries.empty()) {
      gtype = wkbUnknown;
      bool all_poly = true, all_point = true;
      for (const auto& g : t.geometries) {
        if (!g) continue;
        const auto ft = wkbFlatten(g->getGeometryType());
        all_poly = all_poly && (ft == wkbPolygon || ft == wkbMultiPolygon);
        all_point = all_point && ft == wkbPoint;
      }
      if (all_poly) gtype = wkbMultiPolygon;
      else if (all_point) gtype = wkbPoint;
    }
    const std::string lname = opt.layer_name.empty() ? path.stem().string() : opt.layer_name;
    char** lopts = nullptr;
    if (geojson) {
      lopts = CSLSetNameValue(lopts, "RFC7946", "YES");
      lopts = CSLSetNameValue(lopts, "WRITE_NAME", "NO");
    }
    OGRLayer* layer = ds->CreateLayer(lname.c_str(), gtype == wkbNone ? nullptr : srs.get(), gtype, lopts);
    CSLDestroy(lopts);
    if (!layer) throw Error(ErrorCode::Output, fmt::format("cannot create layer ({})", errs.last()), {path.string()});
    for (const auto& fd : t.fields) {
      OGRFieldDefn d(fd.name.c_str(), ogr_type(fd.type));
      if (layer->CreateField(&d) != OGRERR_NONE)
        throw Error(ErrorCode::Output, fmt::format("cannot create field ({})", errs.last()), {path.string(), lname, fd.name});
    }
    std::unique_ptr<crs::Transform> tf;
    if (gtype != wkbNone && t.crs != out_crs) tf = std::make_unique<crs::Transform>(t.crs, out_crs);
    const bool tx = !geojson && ds->StartTransaction() == OGRERR_NONE;
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
      FeaturePtr feat(OGRFeature::CreateFeature(defn));
      const auto& row = t.rows[i];
      for (std::size_t j = 0; j < row.size(); ++j) {
        const int fj = static_cast<int>(j);
        if (auto* iv = std::get_if<std::int64_t>(&row[j])) feat->SetField(fj, static_cast<GIntBig>(*iv));
        else if (auto* dv = std::get_if<double>(&row[j])) {
          if (std::isfinite(*dv)) feat->SetField(fj, *dv);
          else feat->SetFieldNull(fj);
        } else if (auto* sv = std::get_if<std::string>(&row[j])) feat->SetField(fj, sv->c_str());
        else feat->SetFieldNull(fj);
      }
      if (gtype != wkbNone && i < t.geometries.size() && t.geometries[i]) {
        GeometryPtr g(t.geometries[i]->clone());
        if (tf) transform_geometry(*g, *tf);
        if (gtype == wkbMultiPolygon && wkbFlatten(g->getGeometryType()) == wkbPolygon)
          g.reset(OGRGeometryFactory::forceToMultiPolygon(g.release()));
        feat->SetGeometryDirectly(g.release());
      }
      if (layer->CreateFeature(feat.get()) != OGRERR_NONE)
        throw Error(ErrorCode::Output, fmt::format("cannot write feature {} ({})", i + 1, errs.last()), {path.string(), lname});
    }
    if (tx && ds->CommitTransaction() != OGRERR_NONE)
      throw Error(ErrorCode::Output, fmt::format("cannot commit ({})", errs.last()), {path.string()});
    ds.reset();  // close = flush before the rename
  }
  f.commit();
}

}  // namespace

void write_table(const Table& t, const fs::path& path, const WriteOptions& opt) {
  const TableFormat f = format_from_path(path);
  if (f == TableFormat::Csv) write_csv(t, path);
  else write_ogr(t, path, f, opt);
}

}  // namespace hotspot::io
