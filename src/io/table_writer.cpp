#include "hotspot/io/table_writer.hpp"
#include "hotspot/io/pg_store.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include <cpl_conv.h>
#include <fmt/compile.h>
#include <cpl_string.h>
#include <fmt/format.h>

#include "hotspot/core/atomic_file.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/crs/transform.hpp"
#include "hotspot/io/area_reader.hpp"
#include "hotspot/io/gdal_handles.hpp"

namespace hotspot::io {

namespace fs = std::filesystem;

TableFormat format_from_path(const fs::path& p) {
  if (is_pg(p.string())) return TableFormat::PostGis;
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (ext == ".geojson" || ext == ".json") return TableFormat::GeoJson;
  if (ext == ".csv") return TableFormat::Csv;
  if (ext == ".gpkg") return TableFormat::GeoPackage;
  throw Error(ErrorCode::Usage, fmt::format("cannot tell the output format from '{}'", p.string()),
              {}, "end the output name in .geojson, .csv or .gpkg");
}

namespace {
void append_csv_cell(std::string& out, const Value& v) {
  if (std::holds_alternative<std::monostate>(v)) return;
  if (auto* i = std::get_if<std::int64_t>(&v)) {
    const fmt::format_int text(*i);
    out.append(text.data(), text.size());
    return;
  }
  if (auto* d = std::get_if<double>(&v)) {
    // Shortest round-trip form, as fmt::format("{}"), without parsing a format string per cell.
    if (std::isfinite(*d)) fmt::format_to(std::back_inserter(out), FMT_COMPILE("{}"), *d);
    return;
  }
  const std::string& s = std::get<std::string>(v);
  if (s.find_first_of(",\"\n\r") == std::string::npos) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}
}  // namespace

std::string csv_cell(const Value& v) {
  std::string out;
  append_csv_cell(out, v);
  return out;
}

namespace {

/// Row i's CSV line appended to `buf`.
void append_csv_row(std::string& buf, const std::vector<Value>& row) {
  for (std::size_t j = 0; j < row.size(); ++j) {
    if (j) buf += ',';
    append_csv_cell(buf, row[j]);
  }
  buf += '\n';
}

/// `lines(i0, i1, buf)` appends the lines of rows [i0, i1) to buf; written in blocks.
}  // namespace

std::vector<std::string> output_field_names(const std::vector<Field>& fields) {
  auto fold = [](std::string s) {
    for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
  };
  std::set<std::string> taken;
  std::vector<std::string> out;
  out.reserve(fields.size());
  for (const auto& f : fields) {
    std::string name = f.name;
    for (int k = 2; taken.count(fold(name)); ++k) name = fmt::format("{}_{}", f.name, k);
    taken.insert(fold(name));
    out.push_back(std::move(name));
  }
  return out;
}

namespace {

template <class Lines>
void write_csv(const std::vector<Field>& fields, std::size_t n, Lines&& lines,
               const fs::path& path) {
  AtomicFile f(path);
  {
    std::string buf;
    const auto names = output_field_names(fields);
    for (std::size_t j = 0; j < names.size(); ++j) {
      if (j) buf += ',';
      append_csv_cell(buf, Value(names[j]));
    }
    buf += '\n';
    constexpr std::size_t kBlock = 8192;
    for (std::size_t i0 = 0; i0 < n; i0 += kBlock) {
      lines(i0, std::min(n, i0 + kBlock), buf);
      f.append(buf);
      buf.clear();
    }
    f.append(buf);
  }
  f.commit();
}

OGRFieldType ogr_type(FieldType t) {
  switch (t) {
    case FieldType::Integer:
      return OFTInteger64;
    case FieldType::Real:
      return OFTReal;
    default:
      return OFTString;
  }
}

/// Pin timestamps GDAL would otherwise take from the clock (GeoPackage gpkg_contents).
class ScopedDeterministicGdal {
 public:
  ScopedDeterministicGdal() {
    CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", "2000-01-01T00:00:00.000Z");
  }
  ~ScopedDeterministicGdal() { CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", nullptr); }
};

}  // namespace

OGRwkbGeometryType layer_geometry_type(const Table& t) {
  OGRwkbGeometryType gtype = wkbNone;
  if (!t.geometries.empty()) {
    gtype = wkbUnknown;
    bool all_poly = true, all_point = true, all_line = true;
    for (const auto& g : t.geometries) {
      if (!g) continue;
      const auto ft = wkbFlatten(g->getGeometryType());
      all_poly = all_poly && (ft == wkbPolygon || ft == wkbMultiPolygon);
      all_point = all_point && ft == wkbPoint;
      all_line = all_line && ft == wkbLineString;
    }
    if (all_poly)
      gtype = wkbMultiPolygon;
    else if (all_point)
      gtype = wkbPoint;
    else if (all_line)
      gtype = wkbLineString;
  }
  return gtype;
}

void write_features(OGRLayer& layer, const Table& t, OGRwkbGeometryType gtype,
                    const std::string& out_crs,
                    const std::vector<std::pair<std::string, std::string>>& extra,
                    const std::string& where) {
  ScopedGdalErrors errs;
  const std::string lname = layer.GetName();
  const auto names = output_field_names(t.fields);
  for (std::size_t j = 0; j < t.fields.size(); ++j) {
    OGRFieldDefn d(names[j].c_str(), ogr_type(t.fields[j].type));
    if (layer.CreateField(&d) != OGRERR_NONE)
      throw Error(ErrorCode::Output, fmt::format("cannot create field ({})", errs.last()),
                  {where, lname, names[j]});
  }
  for (const auto& [name, value] : extra) {
    OGRFieldDefn d(name.c_str(), OFTString);
    if (layer.CreateField(&d) != OGRERR_NONE)
      throw Error(ErrorCode::Output, fmt::format("cannot create field ({})", errs.last()),
                  {where, lname, name});
  }
  std::unique_ptr<crs::Transform> tf;
  if (gtype != wkbNone && t.crs != out_crs) tf = std::make_unique<crs::Transform>(t.crs, out_crs);
  OGRFeatureDefn* defn = layer.GetLayerDefn();
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    FeaturePtr feat(OGRFeature::CreateFeature(defn));
    const auto& row = t.rows[i];
    for (std::size_t j = 0; j < row.size(); ++j) {
      const int fj = static_cast<int>(j);
      if (auto* iv = std::get_if<std::int64_t>(&row[j]))
        feat->SetField(fj, static_cast<GIntBig>(*iv));
      else if (auto* dv = std::get_if<double>(&row[j])) {
        if (std::isfinite(*dv))
          feat->SetField(fj, *dv);
        else
          feat->SetFieldNull(fj);
      } else if (auto* sv = std::get_if<std::string>(&row[j]))
        feat->SetField(fj, sv->c_str());
      else
        feat->SetFieldNull(fj);
    }
    for (std::size_t k = 0; k < extra.size(); ++k)
      feat->SetField(static_cast<int>(row.size() + k), extra[k].second.c_str());
    if (gtype != wkbNone && i < t.geometries.size() && t.geometries[i]) {
      GeometryPtr g(t.geometries[i]->clone());
      if (tf) transform_geometry(*g, *tf);
      if (gtype == wkbMultiPolygon && wkbFlatten(g->getGeometryType()) == wkbPolygon)
        g.reset(OGRGeometryFactory::forceToMultiPolygon(g.release()));
      feat->SetGeometryDirectly(g.release());
    }
    if (layer.CreateFeature(feat.get()) != OGRERR_NONE)
      throw Error(ErrorCode::Output,
                  fmt::format("cannot write feature {} ({})", i + 1, errs.last()), {where, lname});
  }
}

namespace {

void write_ogr(const Table& t, const fs::path& path, TableFormat fmt_, const WriteOptions& opt) {
  ensure_gdal();
  ScopedDeterministicGdal pin;
  ScopedGdalErrors errs;
  const bool geojson = fmt_ == TableFormat::GeoJson;
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(geojson ? "GeoJSON" : "GPKG");
  if (!drv) throw Error(ErrorCode::Internal, "GDAL driver missing", {path.string()});
  AtomicFile f(path);
  MemoryFile mem(path.filename().string());
  {
    DatasetPtr ds(drv->Create(mem.path().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds)
      throw Error(ErrorCode::Output, fmt::format("cannot create the file ({})", errs.last()),
                  {path.string()}, "check that the folder exists and is writable");
    const std::string out_crs = geojson ? "EPSG:4326" : t.crs;
    SrsPtr srs = make_srs(out_crs);
    const OGRwkbGeometryType gtype = layer_geometry_type(t);
    const std::string lname = opt.layer_name.empty() ? path.stem().string() : opt.layer_name;
    CPLStringList lopts;
    if (geojson) {
      lopts.SetNameValue("RFC7946", "YES");
      lopts.SetNameValue("WRITE_NAME", "NO");
    }
    if (!opt.description.empty()) lopts.SetNameValue("DESCRIPTION", opt.description.c_str());
    OGRLayer* layer =
        ds->CreateLayer(lname.c_str(), gtype == wkbNone ? nullptr : srs.get(), gtype, lopts.List());
    if (!layer)
      throw Error(ErrorCode::Output, fmt::format("cannot create layer ({})", errs.last()),
                  {path.string()});
    const bool tx = !geojson && ds->StartTransaction() == OGRERR_NONE;
    write_features(*layer, t, gtype, out_crs, {}, path.string());
    if (tx && ds->CommitTransaction() != OGRERR_NONE)
      throw Error(ErrorCode::Output, fmt::format("cannot commit ({})", errs.last()),
                  {path.string()});
    ds.reset();  // close = flush before the rename
    // GDAL 3.6's close returns nothing: a write that failed on the way (full disk) shows
    // as an error raised while the layer was written or closed.
    if (errs.failures() > 0)
      throw Error(
          ErrorCode::Output, fmt::format("cannot write the file ({})", errs.last()),
          {path.string()},
          "free disk space and check that the folder is writable (the previous file is kept)");
  }
  mem.copy_to(f);
  f.commit();
}

}  // namespace

namespace {

void write_pg(const Table& t, const std::string& conn, const WriteOptions& opt) {
  if (opt.layer_name.empty())
    throw Error(ErrorCode::Usage, "a PostGIS output needs a table name",
                {pg_without_password(conn), "", "--out-layer"}, "give --out-layer NAME");
  PgStore store(conn);
  store.write_layer(t, opt.layer_name, opt.run_id.empty() ? make_run_id() : opt.run_id);
  store.commit();
}

}  // namespace

void write_table(const Table& t, const fs::path& path, const WriteOptions& opt) {
  const TableFormat f = format_from_path(path);
  if (f == TableFormat::PostGis) return write_pg(t, path.string(), opt);
  if (f == TableFormat::Csv) {
    write_csv(
        t.fields, t.rows.size(),
        [&](std::size_t i0, std::size_t i1, std::string& buf) {
          for (std::size_t i = i0; i < i1; ++i) append_csv_row(buf, t.rows[i]);
        },
        path);
    return;
  }
  write_ogr(t, path, f, opt);
}

void write_table(const RowSource& src, const fs::path& path, const WriteOptions& opt) {
  const TableFormat f = format_from_path(path);
  if (f == TableFormat::PostGis) {
    Table t;
    t.fields = src.fields;
    t.crs = src.crs;
    t.rows.resize(src.size);
    for (std::size_t i = 0; i < src.size; ++i) {
      src.row(i, t.rows[i]);
      if (src.geometry) t.geometries.push_back(src.geometry(i));
    }
    return write_pg(t, path.string(), opt);
  }
  if (f == TableFormat::Csv) {
    write_csv(
        src.fields, src.size,
        [&](std::size_t i0, std::size_t i1, std::string& buf) {
          std::vector<Value> row;
          for (std::size_t i = i0; i < i1; ++i) {
            row.clear();
            src.row(i, row);
            append_csv_row(buf, row);
          }
        },
        path);
    return;
  }
  // GeoJSON and GeoPackage go through OGR feature by feature anyway: build the table.
  Table t;
  t.fields = src.fields;
  t.crs = src.crs;
  t.rows.resize(src.size);
  for (std::size_t i = 0; i < src.size; ++i) {
    t.rows[i].reserve(src.fields.size());
    src.row(i, t.rows[i]);
    if (src.geometry) t.geometries.push_back(src.geometry(i));
  }
  write_ogr(t, path, f, opt);
}

}  // namespace hotspot::io
