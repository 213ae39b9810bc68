#include "hotspot/io/pg_store.hpp"

#include <unistd.h>

#include <chrono>
#include <ctime>
#include <regex>

#include <cpl_string.h>
#include <fmt/format.h>
#include <ogrsf_frmts.h>

#include "hotspot/core/error.hpp"
#include "hotspot/io/table_writer.hpp"

namespace hotspot::io {

bool is_pg(const std::string& s) {
  return s.rfind("PG:", 0) == 0;
}

namespace {
const std::regex& password_keyword() {
  static const std::regex pw(R"((^|\s)password\s*=\s*('([^'\\]|\\.)*'|\S*))");
  return pw;
}
}  // namespace

std::string pg_without_password(const std::string& conn) {
  return std::regex_replace(conn, password_keyword(), "$1password=***");
}

std::string pg_keywords_without_password(const std::string& conn) {
  const std::string kw = is_pg(conn) ? conn.substr(3) : conn;
  return std::regex_replace(std::regex_replace(kw, password_keyword(), ""),
                            std::regex(R"(^\s+|\s+$)"), "");
}

void check_pg_name(const std::string& name, const std::string& what) {
  const bool control =
      std::any_of(name.begin(), name.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
  if (name.empty() || name.size() > 63 || control || name.find('.') != std::string::npos ||
      name.find('"') != std::string::npos)
    throw Error(
        ErrorCode::Usage, fmt::format("'{}' cannot be a PostgreSQL {} as given", name, what),
        {"", "", what},
        "use at most 63 bytes, without '.', '\"' or control characters, e.g. overlast_2024");
}

/// A connection that failed, in words an analyst can act on.
[[noreturn]] void pg_connection_failed(const std::string& conn, const std::string& why) {
  const std::string shown = pg_without_password(conn);
  std::smatch m;
  if (why.find("password authentication failed") != std::string::npos ||
      why.find("no password supplied") != std::string::npos) {
    std::regex user(R"(user\s+\"([^\"]+)\")");
    const std::string u = std::regex_search(why, m, user) ? m[1].str() : "the user";
    throw Error(
        ErrorCode::InputMissing,
        fmt::format("the database refused the password of {} ({})", u, shown), {shown},
        "check user= and password= in the connection string, or the user's line in ~/.pgpass");
  }
  if (std::regex_search(why, m, std::regex(R"(database \"([^\"]+)\" does not exist)")))
    throw Error(ErrorCode::InputMissing,
                fmt::format("there is no database '{}' on that server ({})", m[1].str(), shown),
                {shown}, fmt::format("correct dbname=, or have it made: createdb {}", m[1].str()));
  if (why.find("Connection refused") != std::string::npos ||
      why.find("could not connect") != std::string::npos ||
      why.find("could not translate host name") != std::string::npos)
    throw Error(ErrorCode::InputMissing, fmt::format("no PostgreSQL server answers at {}", shown),
                {shown}, "check host= and port=, and that the server is running");
  throw Error(ErrorCode::InputMissing, fmt::format("cannot connect to {} ({})", shown, why),
              {shown}, "check the connection string: PG:\"host=... dbname=... user=...\"");
}

namespace {

std::string text_of(OGRLayer* l) {
  if (!l) return "";
  l->ResetReading();
  FeaturePtr f(l->GetNextFeature());
  return f && f->IsFieldSetAndNotNull(0) ? f->GetFieldAsString(0) : "";
}

std::string sql_text(GDALDataset& ds, const char* sql) {
  OGRLayer* r = ds.ExecuteSQL(sql, nullptr, nullptr);
  const std::string v = text_of(r);
  if (r) ds.ReleaseResultSet(r);
  return v;
}

std::string now_utc() {
  const std::time_t t = std::time(nullptr);
  char b[32];
  std::strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return b;
}

}  // namespace

std::string make_run_id() {
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  const std::time_t t = static_cast<std::time_t>(us / 1000000);
  char b[32];
  std::strftime(b, sizeof b, "%Y%m%dT%H%M%S", std::gmtime(&t));
  return fmt::format("{}.{:06d}Z-{}", b, us % 1000000, ::getpid());
}

PgStore::PgStore(std::string conn, std::string schema)
    : conn_(std::move(conn)), schema_(std::move(schema)) {
  ensure_gdal();
  if (!schema_.empty()) check_pg_name(schema_, "schema");
  ScopedGdalErrors errs;
  // One store transaction at a time per database: a second run waits here until the first has
  // committed, then sees its tables (a session lock, released when this session ends, killed
  // or not).
  lock_.reset(static_cast<GDALDataset*>(
      GDALOpenEx(conn_.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
  if (!lock_) pg_connection_failed(conn_, errs.last());
  (void)sql_text(*lock_, "SELECT pg_advisory_lock(7523094288207667060)");  // "hotspot", as a number
  CPLStringList oo;
  if (!schema_.empty()) oo.SetNameValue("ACTIVE_SCHEMA", schema_.c_str());
  oo.SetNameValue("LIST_ALL_TABLES", "YES");
  ds_.reset(static_cast<GDALDataset*>(
      GDALOpenEx(conn_.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, oo.List(), nullptr)));
  if (!ds_) pg_connection_failed(conn_, errs.last());
  if (sql_text(*ds_, "SELECT postgis_version()").empty())
    throw Error(ErrorCode::InputFormat,
                fmt::format("the database has no PostGIS ({})", pg_without_password(conn_)),
                {pg_without_password(conn_)},
                "have the database owner run CREATE EXTENSION postgis;");
  database_ = sql_text(*ds_, "SELECT current_database()");
  if (schema_.empty()) schema_ = sql_text(*ds_, "SELECT current_schema()");
  if (sql_text(*ds_, "SELECT count(*) FROM pg_namespace WHERE nspname = current_schema()") != "1")
    throw Error(
        ErrorCode::Output, fmt::format("there is no schema {} in database {}", schema_, database_),
        {pg_without_password(conn_)},
        fmt::format("have the owner run CREATE SCHEMA {}; or give another schema", schema_));
  if (ds_->StartTransaction() != OGRERR_NONE)
    throw Error(ErrorCode::Output, fmt::format("cannot begin a transaction ({})", errs.last()),
                {pg_without_password(conn_)});
}

PgStore::~PgStore() {
  if (ds_ && !done_) ds_->RollbackTransaction();
  ds_.reset();
  lock_.reset();  // ends the session: the lock goes with it
}

std::string PgStore::qualified(const std::string& name) const {
  return schema_ + "." + name;
}

void PgStore::write_layer(const Table& t, const std::string& name, const std::string& run_id) {
  check_pg_name(name, "table name");
  ScopedGdalErrors errs;
  const std::string shown = pg_without_password(conn_);
  for (int i = 0; i < ds_->GetLayerCount(); ++i) {
    OGRLayer* l = ds_->GetLayer(i);
    if (!l || (l->GetName() != qualified(name) && !(l->GetName() == name))) continue;
    if (l->GetLayerDefn()->GetFieldIndex("run_id") < 0)
      throw Error(ErrorCode::Output,
                  fmt::format("table {} exists and was not written by hotspot (it has no run_id)",
                              qualified(name)),
                  {shown, name},
                  "drop or rename that table, or give this layer another name (--out-layer, or the "
                  "stage's name)");
    if (ds_->DeleteLayer(i) != OGRERR_NONE)
      throw Error(ErrorCode::Output,
                  fmt::format("cannot replace table {} ({})", qualified(name), errs.last()),
                  {shown, name}, "check that this user owns the table");
    break;
  }
  const OGRwkbGeometryType gtype = layer_geometry_type(t);
  SrsPtr srs = make_srs(t.crs);
  CPLStringList lco;
  lco.SetNameValue("LAUNDER", "NO");
  lco.SetNameValue("GEOMETRY_NAME", "geom");
  lco.SetNameValue("FID", "fid");
  lco.SetNameValue("SCHEMA", schema_.c_str());
  lco.SetNameValue("DESCRIPTION", fmt::format("hotspot run {}", run_id).c_str());
  OGRLayer* l =
      ds_->CreateLayer(name.c_str(), gtype == wkbNone ? nullptr : srs.get(), gtype, lco.List());
  if (!l) {
    const std::string why = errs.last();
    if (why.find("permission denied") != std::string::npos)
      throw Error(ErrorCode::Output,
                  fmt::format("this user may not create tables in schema {} ({})", schema_, shown),
                  {shown, name},
                  fmt::format("have the owner GRANT CREATE ON SCHEMA {} TO the user, or give a "
                              "schema this user may write to",
                              schema_));
    throw Error(ErrorCode::Output, fmt::format("cannot create table {} ({})", qualified(name), why),
                {shown, name});
  }
  try {
    write_features(*l, t, gtype, t.crs, {{"run_id", run_id}},
                   shown);  // OGR creates the table at the first row
  } catch (const Error& e) {
    if (std::string(e.what()).find("permission denied") != std::string::npos)
      throw Error(ErrorCode::Output,
                  fmt::format("this user may not create tables in schema {}", schema_),
                  {shown, name},
                  fmt::format("have the owner GRANT CREATE ON SCHEMA {} TO the user, or give a "
                              "schema this user may write to",
                              schema_));
    throw;
  }
  if (errs.failures() > 0)
    throw Error(ErrorCode::Output,
                fmt::format("cannot write table {} ({})", qualified(name), errs.last()),
                {shown, name});
}

void PgStore::write_style(const std::string& name, const std::string& qml,
                          const std::string& title) {
  ScopedGdalErrors errs;
  OGRLayer* st = ds_->GetLayerByName(qualified("layer_styles").c_str());
  if (!st) {
    CPLStringList lco;
    lco.SetNameValue("LAUNDER", "NO");
    lco.SetNameValue("FID", "id");
    lco.SetNameValue("SCHEMA", schema_.c_str());
    st = ds_->CreateLayer("layer_styles", nullptr, wkbNone, lco.List());
    if (!st)
      throw Error(ErrorCode::Output, fmt::format("cannot create layer_styles ({})", errs.last()),
                  {pg_without_password(conn_)});
    for (const char* f :
         {"f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "stylename",
          "styleqml", "stylesld", "description", "owner", "ui", "type"}) {
      OGRFieldDefn d(f, OFTString);
      st->CreateField(&d);
    }
    OGRFieldDefn def("useasdefault", OFTInteger);
    def.SetSubType(OFSTBoolean);
    st->CreateField(&def);
    OGRFieldDefn time("update_time", OFTDateTime);
    st->CreateField(&time);
  }
  // The table's previous default styles go; its new one comes in.
  std::vector<GIntBig> old;
  st->ResetReading();
  for (FeaturePtr f(st->GetNextFeature()); f; f.reset(st->GetNextFeature()))
    if (std::string(f->GetFieldAsString("f_table_catalog")) == database_ &&
        std::string(f->GetFieldAsString("f_table_schema")) == schema_ &&
        std::string(f->GetFieldAsString("f_table_name")) == name)
      old.push_back(f->GetFID());
  for (GIntBig fid : old)
    if (st->DeleteFeature(fid) != OGRERR_NONE)
      throw Error(ErrorCode::Output,
                  fmt::format("cannot replace the style of {} ({})", name, errs.last()),
                  {pg_without_password(conn_)});
  FeaturePtr f(OGRFeature::CreateFeature(st->GetLayerDefn()));
  f->SetField("f_table_catalog", database_.c_str());
  f->SetField("f_table_schema", schema_.c_str());
  f->SetField("f_table_name", name.c_str());
  f->SetField("f_geometry_column", "geom");
  f->SetField("stylename", title.c_str());
  f->SetField("styleqml", qml.c_str());
  f->SetField("stylesld", "");
  f->SetField("description", "hotspot");
  f->SetField("useasdefault", 1);
  const std::string now = now_utc();
  f->SetField("update_time", now.c_str());
  if (st->CreateFeature(f.get()) != OGRERR_NONE)
    throw Error(ErrorCode::Output,
                fmt::format("cannot store the style of {} ({})", name, errs.last()),
                {pg_without_password(conn_)});
}

void PgStore::record_run(const std::string& run_id, const std::string& manifest_json) {
  ScopedGdalErrors errs;
  OGRLayer* runs = ds_->GetLayerByName(qualified("hotspot_runs").c_str());
  if (!runs) {
    CPLStringList lco;
    lco.SetNameValue("LAUNDER", "NO");
    lco.SetNameValue("FID", "id");
    lco.SetNameValue("SCHEMA", schema_.c_str());
    runs = ds_->CreateLayer("hotspot_runs", nullptr, wkbNone, lco.List());
    if (!runs)
      throw Error(ErrorCode::Output, fmt::format("cannot create hotspot_runs ({})", errs.last()),
                  {pg_without_password(conn_)});
    for (const char* n : {"run_id", "finished", "tool_version", "manifest"}) {
      OGRFieldDefn d(n, OFTString);
      runs->CreateField(&d);
    }
  }
  FeaturePtr f(OGRFeature::CreateFeature(runs->GetLayerDefn()));
  f->SetField("run_id", run_id.c_str());
  f->SetField("finished", now_utc().c_str());
  f->SetField("tool_version", HOTSPOT_VERSION);
  f->SetField("manifest", manifest_json.c_str());
  if (runs->CreateFeature(f.get()) != OGRERR_NONE)
    throw Error(ErrorCode::Output, fmt::format("cannot record the run ({})", errs.last()),
                {pg_without_password(conn_)});
}

void PgStore::commit() {
  ScopedGdalErrors errs;
  if (ds_->CommitTransaction() != OGRERR_NONE)
    throw Error(ErrorCode::Output, fmt::format("cannot commit the run ({})", errs.last()),
                {pg_without_password(conn_)});
  done_ = true;
}

}  // namespace hotspot::io
