#pragma once
// RAII for GDAL/OGR handles (gdalcpp Dataset pattern) and a scoped error handler that
// collects GDAL's messages instead of letting them go to stderr.
#include <memory>
#include <string>
#include <vector>

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "hotspot/core/atomic_file.hpp"
#include "hotspot/geom/table.hpp"

namespace hotspot::io {

/// Register GDAL's drivers once per process (GDAL keeps a process-wide driver list).
void ensure_gdal();

struct DatasetDeleter {
  void operator()(GDALDataset* d) const noexcept { GDALClose(GDALDataset::ToHandle(d)); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetDeleter>;

struct FeatureDeleter {
  void operator()(OGRFeature* f) const noexcept { OGRFeature::DestroyFeature(f); }
};
using FeaturePtr = std::unique_ptr<OGRFeature, FeatureDeleter>;

struct SrsDeleter {
  void operator()(OGRSpatialReference* s) const noexcept {
    if (s) s->Release();
  }
};
using SrsPtr = std::unique_ptr<OGRSpatialReference, SrsDeleter>;

/// A spatial reference from "EPSG:n" or WKT, traditional GIS axis order.
SrsPtr make_srs(const std::string& crs);
/// "EPSG:n" when the SRS has an EPSG identity, else its WKT; empty for nullptr.
std::string srs_to_string(const OGRSpatialReference* srs);
/// The SRS as WKT2 (2019) and as a PROJ string ("" where it has none).
std::string srs_wkt2(const OGRSpatialReference& srs);
std::string srs_proj4(const OGRSpatialReference& srs);

/// The result layer of an SQL query (GDALDataset::ExecuteSQL), released with the dataset's
/// ReleaseResultSet (declare it after its DatasetPtr, so it goes first).
struct ResultSetDeleter {
  GDALDataset* ds = nullptr;
  void operator()(OGRLayer* l) const noexcept {
    if (ds && l) ds->ReleaseResultSet(l);
  }
};
using ResultSetPtr = std::unique_ptr<OGRLayer, ResultSetDeleter>;

/// True when a layer option holds an SQL query rather than a layer name ("SELECT ...").
bool is_sql_query(const std::string& layer);
/// The query's result layer. @throws Error(InputFormat) with the server's message.
ResultSetPtr run_query(GDALDataset& ds, const std::string& sql, const std::string& source);

/// A string GDAL allocated, freed with CPLFree.
struct CplFree {
  void operator()(char* p) const noexcept { CPLFree(p); }
};
using CplString = std::unique_ptr<char, CplFree>;
struct CplFreeInts {
  void operator()(int* p) const noexcept { CPLFree(p); }
};
using CplInts = std::unique_ptr<int, CplFreeInts>;

/// A file GDAL writes in memory (/vsimem/), removed when this goes. GDAL's drivers do not all
/// report a failed write (the GeoJSON driver leaves a truncated file on a full disk and
/// returns success), so outputs are built here and copied to disk by a checked writer.
class MemoryFile {
 public:
  /// `name`: the output's file name (its extension picks nothing, it only reads well).
  explicit MemoryFile(const std::string& name);
  ~MemoryFile();
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;
  const std::string& path() const noexcept { return path_; }
  /// Append the whole file to `out`. @throws Error(Output) when GDAL left no file.
  void copy_to(AtomicFile& out) const;

 private:
  std::string path_;
};

/// While alive, GDAL errors and warnings on this thread are collected, not printed.
class ScopedGdalErrors {
 public:
  ScopedGdalErrors();
  ~ScopedGdalErrors();
  ScopedGdalErrors(const ScopedGdalErrors&) = delete;
  ScopedGdalErrors& operator=(const ScopedGdalErrors&) = delete;
  const std::vector<std::string>& messages() const noexcept { return messages_; }
  std::string last() const { return messages_.empty() ? std::string() : messages_.back(); }
  /// Errors of class CE_Failure or worse seen so far (warnings not counted).
  std::size_t failures() const noexcept { return failures_; }

 private:
  static void CPL_STDCALL handler(CPLErr, CPLErrorNum, const char* msg);
  std::vector<std::string> messages_;
  std::size_t failures_ = 0;
};

/// The fields of a layer as table fields (integer, real, else text).
std::vector<Field> table_fields(OGRFeatureDefn* defn);
/// One feature's attributes as a table row, following `fields` (nulls where unset).
std::vector<Value> table_row(OGRFeature& f, const std::vector<Field>& fields);

/// Open a vector source (file, folder or "PG:..." string) read-only. @throws Error
DatasetPtr open_vector(const std::string& path);

}  // namespace hotspot::io
