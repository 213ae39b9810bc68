#include "hotspot/io/gdal_handles.hpp"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <mutex>

#include <cpl_vsi.h>

#include <cpl_string.h>
#include <fmt/format.h>

#include "hotspot/core/error.hpp"
#include "hotspot/io/pg_store.hpp"

namespace hotspot::io {

MemoryFile::MemoryFile(const std::string& name) {
  static std::atomic<unsigned> seq{0};  // a unique folder per file: no two writers share one
  path_ = fmt::format("/vsimem/hotspot-{}-{}/{}", ::getpid(), seq++, name);
}

MemoryFile::~MemoryFile() {
  VSIUnlink(path_.c_str());
  const std::string dir = path_.substr(0, path_.rfind('/'));
  // GeoPackage side files (-journal, -wal) and the folder itself.
  const CPLStringList rest(VSIReadDir(dir.c_str()), TRUE);
  for (int i = 0; i < rest.size(); ++i) VSIUnlink((dir + "/" + rest[i]).c_str());
  VSIRmdir(dir.c_str());
}

void MemoryFile::copy_to(AtomicFile& out) const {
  vsi_l_offset len = 0;
  GByte* data = VSIGetMemFileBuffer(path_.c_str(), &len, FALSE);
  if (!data) throw Error(ErrorCode::Output, "GDAL wrote no file", {out.target().string()});
  out.append(std::string_view(reinterpret_cast<const char*>(data), static_cast<std::size_t>(len)));
}

void ensure_gdal() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

SrsPtr make_srs(const std::string& crs) {
  SrsPtr s(std::make_unique<OGRSpatialReference>().release());
  s->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (s->SetFromUserInput(crs.c_str()) != OGRERR_NONE)
    throw Error(ErrorCode::Crs, fmt::format("unknown coordinate reference system '{}'", crs), {},
                "give it as EPSG:<code>, for example EPSG:28992");
  return s;
}

bool is_sql_query(const std::string& layer) {
  std::size_t i = 0;
  while (i < layer.size() && std::isspace(static_cast<unsigned char>(layer[i]))) ++i;
  std::string head = layer.substr(i, 7);
  for (auto& ch : head) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return head == "select " || head == "select\n" || head.rfind("with ", 0) == 0;
}

ResultSetPtr run_query(GDALDataset& ds, const std::string& sql, const std::string& source) {
  ScopedGdalErrors errs;
  ResultSetPtr r(ds.ExecuteSQL(sql.c_str(), nullptr, nullptr), ResultSetDeleter{&ds});
  if (!r)
    throw Error(
        ErrorCode::InputFormat, fmt::format("the query failed ({})", errs.last()), {source},
        "check the SQL: it is run as given, e.g. SELECT * FROM meldingen WHERE jaar = 2024");
  return r;
}

std::string srs_wkt2(const OGRSpatialReference& srs) {
  char* w = nullptr;
  const char* opts[] = {"FORMAT=WKT2_2019", nullptr};
  srs.exportToWkt(&w, opts);
  const CplString owned(w);
  return w ? w : "";
}

std::string srs_proj4(const OGRSpatialReference& srs) {
  char* w = nullptr;
  srs.exportToProj4(&w);
  const CplString owned(w);
  return w ? w : "";
}

std::string srs_to_string(const OGRSpatialReference* srs) {
  if (!srs) return {};
  const char* auth = srs->GetAuthorityName(nullptr);
  const char* code = srs->GetAuthorityCode(nullptr);
  if (auth && code && std::string(auth) == "EPSG") return fmt::format("EPSG:{}", code);
  OGRSpatialReference copy(*srs);
  if (copy.AutoIdentifyEPSG() == OGRERR_NONE) {
    auth = copy.GetAuthorityName(nullptr);
    code = copy.GetAuthorityCode(nullptr);
    if (auth && code) return fmt::format("{}:{}", auth, code);
  }
  // Try PROJ's identification against EPSG, accepting only a 100 % match.
  int n = 0;
  int* confidence = nullptr;
  OGRSpatialReferenceH* matches =
      OSRFindMatches(OGRSpatialReference::ToHandle(const_cast<OGRSpatialReference*>(srs)), nullptr,
                     &n, &confidence);
  std::string out;
  if (matches && n > 0 && confidence[0] == 100) {
    auto* m = OGRSpatialReference::FromHandle(matches[0]);
    if (m->GetAuthorityName(nullptr) && m->GetAuthorityCode(nullptr))
      out = fmt::format("{}:{}", m->GetAuthorityName(nullptr), m->GetAuthorityCode(nullptr));
  }
  if (matches) OSRFreeSRSArray(matches);
  const CplInts free_confidence(confidence);
  if (!out.empty()) return out;
  char* wkt = nullptr;
  srs->exportToWkt(&wkt);
  const CplString owned(wkt);
  return wkt ? wkt : "";
}

ScopedGdalErrors::ScopedGdalErrors() {
  CPLPushErrorHandlerEx(&ScopedGdalErrors::handler, this);
}
ScopedGdalErrors::~ScopedGdalErrors() {
  CPLPopErrorHandler();
}

void CPL_STDCALL ScopedGdalErrors::handler(CPLErr cls, CPLErrorNum, const char* msg) {
  auto* self = static_cast<ScopedGdalErrors*>(CPLGetErrorHandlerUserData());
  if (self && msg && cls >= CE_Warning) self->messages_.emplace_back(msg);
  if (self && cls >= CE_Failure) ++self->failures_;
}

std::vector<Field> table_fields(OGRFeatureDefn* defn) {
  std::vector<Field> out;
  for (int i = 0; i < defn->GetFieldCount(); ++i) {
    const OGRFieldDefn* fd = defn->GetFieldDefn(i);
    const auto t = fd->GetType();
    out.push_back({fd->GetNameRef(), t == OFTInteger || t == OFTInteger64 ? FieldType::Integer
                                     : t == OFTReal                       ? FieldType::Real
                                                                          : FieldType::String});
  }
  return out;
}

std::vector<Value> table_row(OGRFeature& f, const std::vector<Field>& fields) {
  std::vector<Value> row;
  row.reserve(fields.size());
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const int fi = static_cast<int>(i);
    if (!f.IsFieldSetAndNotNull(fi))
      row.emplace_back();
    else if (fields[i].type == FieldType::Integer)
      row.emplace_back(static_cast<std::int64_t>(f.GetFieldAsInteger64(fi)));
    else if (fields[i].type == FieldType::Real)
      row.emplace_back(f.GetFieldAsDouble(fi));
    else
      row.emplace_back(std::string(f.GetFieldAsString(fi)));
  }
  return row;
}

DatasetPtr open_vector(const std::string& path) {
  ensure_gdal();
  const bool is_connection = path.rfind("PG:", 0) == 0 || path.rfind("postgresql://", 0) == 0;
  if (!is_connection && !std::filesystem::exists(path))
    throw Error(ErrorCode::InputMissing, "file not found", {path},
                "check the path (relative paths start from the folder you run hotspot in)");
  ScopedGdalErrors errs;
  DatasetPtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr,
                                  nullptr));
  if (!ds && is_connection) pg_connection_failed(path, errs.last());
  if (!ds)
    throw Error(ErrorCode::InputFormat,
                fmt::format("GDAL cannot open this as vector data{}",
                            errs.last().empty() ? "" : " (" + errs.last() + ")"),
                {path}, "give a GeoJSON, GeoPackage, Shapefile, CSV or a PG: connection string");
  return ds;
}

}  // namespace hotspot::io
