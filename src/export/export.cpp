#include "hotspot/export/export.hpp"

#include "hotspot/publish/counts.hpp"

#include <algorithm>
#include <cmath>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <fmt/format.h>

#include "hotspot/core/atomic_file.hpp"
#include "hotspot/core/incidents.hpp"
#include "hotspot/core/values.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/crs/transform.hpp"
#include "hotspot/io/area_reader.hpp"
#include "hotspot/io/gdal_handles.hpp"
#include "hotspot/io/raster.hpp"
#include "hotspot/step/results.hpp"

namespace hotspot::mapping {

namespace fs = std::filesystem;

namespace {

std::string table_name(const std::string& s) {
  std::string o = column_safe(s);
  if (o.empty() || (o[0] >= '0' && o[0] <= '9')) o = "l_" + o;
  return o;
}

std::string esc(const std::string& s) {
  return xml_escape(s);
}

Table read_vector_layer(OGRLayer* layer, const std::string& path, const std::string& working_crs) {
  Table t;
  t.crs = working_crs;
  std::string src = io::srs_to_string(layer->GetSpatialRef());
  if (src.empty()) src = working_crs;
  const crs::Transform tf(src, t.crs);
  OGRFeatureDefn* defn = layer->GetLayerDefn();
  t.fields = io::table_fields(defn);
  const bool has_geom = defn->GetGeomFieldCount() > 0;
  layer->ResetReading();
  for (io::FeaturePtr f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature())) {
    std::vector<Value> row = io::table_row(*f, t.fields);
    t.rows.push_back(std::move(row));
    if (has_geom) {
      const OGRGeometry* g = f->GetGeometryRef();
      GeometryPtr gg(g ? g->clone() : nullptr);
      if (gg && !io::transform_geometry(*gg, tf))
        throw Error(ErrorCode::Crs, fmt::format("a geometry cannot be transformed to {}", t.crs),
                    {path, layer->GetName()});
      t.geometries.push_back(std::move(gg));
    }
  }
  return t;
}

}  // namespace

std::vector<MapLayer> read_layers(const std::vector<std::string>& paths, const ExportOptions& opt,
                                  RunContext& ctx, const step::Results* results) {
  publish::Policy policy;
  policy.internal = opt.internal;
  policy.suppress_below = opt.suppress_below;
  publish::validate(policy);
  std::vector<MapLayer> out;
  for (const auto& path : paths) {
    std::string ext = fs::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (ext == ".tif" || ext == ".tiff") {
      MapLayer m;
      m.raster = true;
      m.source = path;
      m.name = table_name(fs::path(path).stem().string());
      m.title = fs::path(path).stem().string();
      std::map<std::string, std::string> md;
      if (const auto w = results ? results->raster(path) : nullptr) {
        m.grid = w->grid;
        m.values = w->values;
        md = w->metadata;
      } else {
        m.values = io::read_geotiff(path, m.grid, &md);
      }
      m.unit = md.count("HOTSPOT_UNITS") ? md["HOTSPOT_UNITS"] : "";
      // A surface cannot be made safe without its incidents: only published ones go out.
      if (!opt.internal && md["HOTSPOT_PUBLICATION"].rfind("published", 0) != 0)
        throw Error(ErrorCode::Usage,
                    "this raster is not a published surface (written with --internal, or not "
                    "by hotspot density): it can locate single incidents",
                    {path},
                    "make it with hotspot density without --internal, or export with --internal "
                    "for a map that is not for publication");
      m.style = raster_style(m.values, m.title, m.unit, opt.lang);
      out.push_back(std::move(m));
      continue;
    }
    if (ext == ".csv")
      throw Error(ErrorCode::Usage, "a CSV has no geometry to map", {path},
                  "export the .geojson or .gpkg version of the result");
    // Points by where they came from, not by their column names: hotspot publishes points
    // of places only (scored locations, route stops) and says so in the layer description.
    auto check_points = [&](const MapLayer& m, const std::string& d, const std::string& layer) {
      const bool from_hotspot =
          d.rfind("published by hotspot", 0) == 0 ||
          (opt.internal && d.find("(hotspot --internal)") != std::string::npos);
      if (geom_of(m.table) == Geom::Point && !from_hotspot && !opt.include_points)
        throw Error(ErrorCode::Usage,
                    "this point layer was not published by hotspot: its points may be incidents, "
                    "which are personal data",
                    {path, layer},
                    "publish aggregated layers (counts, density, statistics, scored places), or "
                    "add --include-points if you must");
    };
    if (const auto w = results ? results->layer(path) : nullptr) {  // written by this run
      MapLayer m;
      m.source = path;
      m.table = w->table.clone();
      m.name = table_name(fs::path(path).stem().string());
      m.title = fs::path(path).stem().string();
      check_points(m, w->description, m.title);
      out.push_back(std::move(m));
      continue;
    }
    io::DatasetPtr ds = io::open_vector(path);
    for (auto* layer : ds->GetLayers()) {
      if (std::string(layer->GetName()) == "layer_styles") continue;
      MapLayer m;
      m.source = path;
      m.table = read_vector_layer(layer, path, opt.working_crs);
      const std::string stem = fs::path(path).stem().string();
      m.name = table_name(ds->GetLayerCount() > 1 ? stem + "_" + layer->GetName() : stem);
      m.title = ds->GetLayerCount() > 1 ? layer->GetName() : stem;
      const char* desc = layer->GetMetadataItem("DESCRIPTION");
      check_points(m, desc ? desc : "", layer->GetName());
      out.push_back(std::move(m));
    }
  }
  // The count layers, protected together (a wijk layer and its buurten): published layers as
  // they are, others (internal, foreign) suppressed here.
  publish::Registry reg;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i].raster) continue;
    const std::size_t n = reg.publish(
        out[i].name, out[i].table, policy, [&out, i](const Table& p) { out[i].table = p.clone(); },
        ctx);
    if (n) ctx.info("{}: {} value(s) withheld for publication", out[i].title, n);
  }
  for (auto& m : out)
    if (!m.raster) m.style = style_for(m.table, m.title, opt.lang);
  // Unique table names.
  for (std::size_t i = 0; i < out.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (out[j].name == out[i].name) out[i].name += "_" + std::to_string(i);
  return out;
}

OGREnvelope extent(const MapLayer& m) {
  OGREnvelope env;
  if (m.raster) {
    env.MinX = m.grid.xmin;
    env.MinY = m.grid.ymin;
    env.MaxX = m.grid.xmax();
    env.MaxY = m.grid.ymax();
    return env;
  }
  for (const auto& g : m.table.geometries)
    if (g) {
      OGREnvelope e;
      g->getEnvelope(&e);
      env.Merge(e);
    }
  return env;
}

OGREnvelope extent(const std::vector<MapLayer>& layers) {
  OGREnvelope env;
  for (const auto& m : layers)
    if (const OGREnvelope e = extent(m); e.IsInit()) env.Merge(e);
  return env;
}

std::string human_title(const MapLayer& m, const std::string& lang) {
  return human_title(m.style.kind, m.style.geom, m.title.empty() ? m.name : m.title, m.style.field,
                     lang);
}

std::vector<std::size_t> draw_order(const std::vector<MapLayer>& layers) {
  auto rank = [&](const MapLayer& m) {
    if (m.raster) return 5;  // over the choropleths: its lowest class is transparent
    switch (m.style.kind) {
      case StyleKind::Stops:
        return 0;
      case StyleKind::Routes:
        return 1;
      case StyleKind::Places:
        return 2;
      case StyleKind::HotspotAreas:
        return 3;
      case StyleKind::GiClass:
      case StyleKind::LisaCluster:
        return 4;
      default:
        return m.style.geom == Geom::Point ? 0 : m.style.geom == Geom::Line ? 1 : 6;
    }
  };
  std::vector<std::size_t> o(layers.size());
  for (std::size_t i = 0; i < o.size(); ++i) o[i] = i;
  std::stable_sort(o.begin(), o.end(),
                   [&](std::size_t a, std::size_t b) { return rank(layers[a]) < rank(layers[b]); });
  return o;
}

void write_gpkg(const std::vector<MapLayer>& layers, const fs::path& gpkg, RunContext& ctx,
                const std::string& working_crs, const std::string& description) {
  io::ensure_gdal();
  CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", "2000-01-01T00:00:00.000Z");
  struct Unpin {
    ~Unpin() { CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", nullptr); }
  } unpin;
  io::ScopedGdalErrors errs;
  AtomicFile f(gpkg);
  io::MemoryFile mem(gpkg.filename().string());
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
  {
    io::DatasetPtr ds(drv->Create(mem.path().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds)
      throw Error(ErrorCode::Output, fmt::format("cannot create ({})", errs.last()),
                  {gpkg.string()});
    io::SrsPtr srs = io::make_srs(working_crs);
    ds->StartTransaction();
    for (const auto& m : layers) {
      if (m.raster) continue;
      const Geom g = geom_of(m.table);
      const OGRwkbGeometryType gt = g == Geom::Point     ? wkbPoint
                                    : g == Geom::Line    ? wkbLineString
                                    : g == Geom::Polygon ? wkbMultiPolygon
                                                         : wkbNone;
      CPLStringList lopts;
      if (!description.empty()) lopts.SetNameValue("DESCRIPTION", description.c_str());
      OGRLayer* l =
          ds->CreateLayer(m.name.c_str(), gt == wkbNone ? nullptr : srs.get(), gt, lopts.List());
      if (!l)
        throw Error(ErrorCode::Output, fmt::format("cannot create layer ({})", errs.last()),
                    {gpkg.string(), m.name});
      for (const auto& fd : m.table.fields) {
        OGRFieldDefn d(fd.name.c_str(), fd.type == FieldType::Integer ? OFTInteger64
                                        : fd.type == FieldType::Real  ? OFTReal
                                                                      : OFTString);
        if (l->CreateField(&d) != OGRERR_NONE)
          throw Error(ErrorCode::Output, "cannot create a field", {gpkg.string(), m.name, fd.name});
      }
      for (std::size_t i = 0; i < m.table.rows.size(); ++i) {
        io::FeaturePtr feat(OGRFeature::CreateFeature(l->GetLayerDefn()));
        for (std::size_t j = 0; j < m.table.rows[i].size(); ++j) {
          const Value& v = m.table.rows[i][j];
          const int fj = static_cast<int>(j);
          if (auto* iv = std::get_if<std::int64_t>(&v))
            feat->SetField(fj, static_cast<GIntBig>(*iv));
          else if (auto* dv = std::get_if<double>(&v))
            std::isfinite(*dv) ? feat->SetField(fj, *dv) : feat->SetFieldNull(fj);
          else if (auto* sv = std::get_if<std::string>(&v))
            feat->SetField(fj, sv->c_str());
          else
            feat->SetFieldNull(fj);
        }
        if (i < m.table.geometries.size() && m.table.geometries[i]) {
          GeometryPtr geom(m.table.geometries[i]->clone());
          if (gt == wkbMultiPolygon)
            geom.reset(OGRGeometryFactory::forceToMultiPolygon(geom.release()));
          if (gt == wkbLineString && wkbFlatten(geom->getGeometryType()) == wkbMultiLineString)
            geom.reset(OGRGeometryFactory::forceToLineString(geom.release()));
          feat->SetGeometryDirectly(geom.release());
        }
        if (l->CreateFeature(feat.get()) != OGRERR_NONE)
          throw Error(ErrorCode::Output, fmt::format("cannot write a feature ({})", errs.last()),
                      {gpkg.string(), m.name});
      }
    }
    // The styles QGIS applies on opening (its own layer_styles layout).
    OGRLayer* st = ds->CreateLayer("layer_styles", nullptr, wkbNone, nullptr);
    for (const char* name :
         {"f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName",
          "styleQML", "styleSLD", "description", "owner", "ui"}) {
      OGRFieldDefn d(name, OFTString);
      if (st->CreateField(&d) != OGRERR_NONE)
        throw Error(ErrorCode::Output, "cannot create layer_styles", {gpkg.string()});
    }
    OGRFieldDefn def("useAsDefault", OFTInteger);
    def.SetSubType(OFSTBoolean);
    OGRFieldDefn upd("update_time", OFTDateTime);
    if (st->CreateField(&def) != OGRERR_NONE || st->CreateField(&upd) != OGRERR_NONE)
      throw Error(ErrorCode::Output, "cannot create layer_styles", {gpkg.string()});
    for (const auto& m : layers) {
      io::FeaturePtr feat(OGRFeature::CreateFeature(st->GetLayerDefn()));
      feat->SetField("f_table_catalog", "");
      feat->SetField("f_table_schema", "");
      feat->SetField("f_table_name", m.name.c_str());
      feat->SetField("f_geometry_column", m.raster ? "" : "geom");
      feat->SetField("styleName", m.title.c_str());
      feat->SetField("styleQML", qml(m.style).c_str());
      feat->SetField("styleSLD", "");
      feat->SetField("description", "hotspot default style");
      feat->SetField("owner", "");
      feat->SetField("ui", "");
      feat->SetField("useAsDefault", 1);
      feat->SetField("update_time", 2000, 1, 1, 0, 0, 0.0f, 100);
      if (st->CreateFeature(feat.get()) != OGRERR_NONE)
        throw Error(ErrorCode::Output, "cannot write a style", {gpkg.string()});
    }
    if (ds->CommitTransaction() != OGRERR_NONE)
      throw Error(
          ErrorCode::Output, fmt::format("cannot write the GeoPackage ({})", errs.last()),
          {gpkg.string()},
          "free disk space and check that the folder is writable (the previous file is kept)");
    ds.reset();
    if (errs.failures() > 0)
      throw Error(
          ErrorCode::Output, fmt::format("cannot write the GeoPackage ({})", errs.last()),
          {gpkg.string()},
          "free disk space and check that the folder is writable (the previous file is kept)");
  }
  // Rasters: Float32 tiles (GeoPackage tiled gridded coverage extension).
  for (const auto& m : layers) {
    if (!m.raster) continue;
    const fs::path tmp_tif = f.temp_path().string() + "." + m.name + ".tif";
    io::RasterWrite rw;
    rw.unit = m.unit;
    io::write_geotiff(m.grid, m.values, nullptr, tmp_tif, rw);
    io::DatasetPtr src(GDALDataset::Open(tmp_tif.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    if (!src) {
      std::error_code ec;
      fs::remove(tmp_tif, ec);
      throw Error(ErrorCode::Output, fmt::format("cannot reopen the raster ({})", errs.last()),
                  {gpkg.string(), m.name});
    }
    CPLStringList co;
    co.SetNameValue("APPEND_SUBDATASET", "YES");
    co.SetNameValue("RASTER_TABLE", m.name.c_str());
    co.SetNameValue("RASTER_IDENTIFIER", m.title.c_str());
    co.SetNameValue("TILE_FORMAT", "TIFF");
    io::DatasetPtr out(
        drv->CreateCopy(mem.path().c_str(), src.get(), FALSE, co.List(), nullptr, nullptr));
    std::error_code ec;
    fs::remove(tmp_tif, ec);
    if (!out)
      throw Error(ErrorCode::Output, fmt::format("cannot add the raster ({})", errs.last()),
                  {gpkg.string(), m.name});
    out.reset();
    if (errs.failures() > 0)
      throw Error(
          ErrorCode::Output, fmt::format("cannot add the raster ({})", errs.last()),
          {gpkg.string(), m.name},
          "free disk space and check that the folder is writable (the previous file is kept)");
  }
  mem.copy_to(f);
  f.commit();
  ctx.debug("wrote {} layers to {}", layers.size(), gpkg.string());
}

namespace {
/// FNV-1a, 64 bits, as 16 hex digits: a short stable tag (not a security hash).
std::string fnv1a_hex(const std::string& s) {
  std::uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return fmt::format("{:016x}", h);
}
}  // namespace

void write_qgs(const std::vector<MapLayer>& layers, const fs::path& gpkg, const fs::path& qgs,
               const ExportOptions& opt) {
  // The project CRS as QGIS writes it (spatialrefsys), from the working CRS.
  io::SrsPtr srs = io::make_srs(opt.working_crs);
  const std::string wkt = io::srs_wkt2(*srs);
  const std::string proj4 = io::srs_proj4(*srs);
  const char* code = srs->GetAuthorityCode(nullptr);
  const char* auth = srs->GetAuthorityName(nullptr);
  const std::string authid = auth && code ? fmt::format("{}:{}", auth, code) : opt.working_crs;
  const char* ell = srs->GetAuthorityCode("GEOGCS|DATUM|SPHEROID");
  const std::string acronym =
      proj4.rfind("+proj=", 0) == 0 ? proj4.substr(6, proj4.find(' ') - 6) : "";
  const std::string srs_xml =
      "<spatialrefsys><wkt>" + esc(wkt) + "</wkt><proj4>" + esc(proj4) + "</proj4><srid>" +
      (code ? code : "") + "</srid><authid>" + esc(authid) + "</authid><description>" +
      esc(srs->GetName() ? srs->GetName() : "") + "</description><projectionacronym>" +
      esc(acronym) + "</projectionacronym><ellipsoidacronym>" +
      (ell ? fmt::format("EPSG:{}", ell) : "") + "</ellipsoidacronym><geographicflag>" +
      (srs->IsGeographic() ? "true" : "false") + "</geographicflag></spatialrefsys>";
  // The extent of all layers, padded.
  const OGREnvelope env = extent(layers);
  const double pad = 0.03 * std::max(env.MaxX - env.MinX, env.MaxY - env.MinY);
  const std::string rel =
      fs::relative(fs::absolute(gpkg), fs::absolute(qgs).parent_path()).generic_string();
  // Where QGIS reads a layer: the GeoPackage, or for vector layers the store's table.
  auto source_of = [&](const MapLayer& m) -> std::string {
    if (m.raster) return "GPKG:./" + rel + ":" + m.name;
    if (opt.pg_source.empty()) return "./" + rel + "|layername=" + m.name;
    const Geom g = geom_of(m.table);
    const char* type = g == Geom::Point ? "Point" : g == Geom::Line ? "LineString" : "MultiPolygon";
    auto quoted = [](const std::string& n) {
      std::string q = "\"";
      for (char ch : n) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
      return q + "\"";
    };
    return fmt::format("{} key='fid' srid={} type={} checkPrimaryKeyUnicity='1' table={}.{} (geom)",
                       opt.pg_source, code ? code : "0", type, quoted(opt.pg_schema),
                       quoted(m.name));
  };
  // Layer ids QGIS keeps: QGIS 3.22 replaces ids of 10 characters or fewer when it reads a
  // project, and the layer then drops out of the layer tree. Long, unique, and stable: the
  // name with a hash of the name and its position.
  std::vector<std::string> ids(layers.size());
  for (std::size_t i = 0; i < layers.size(); ++i)
    ids[i] = fmt::format("hotspot_{}_{}", column_safe(layers[i].name),
                         fnv1a_hex(fmt::format("{}|{}", i, layers[i].name)).substr(0, 12));
  // Themes as groups in the layer tree, one switched on at a time (the first), so the map
  // does not show every layer at once; the named places stay on over every theme.
  auto theme = [](const MapLayer& m) -> std::string {
    const std::string n = column_safe(m.name);
    if (m.style.kind == StyleKind::Places || n.find("locaties") != std::string::npos)
      return "Plaatsen";
    if (m.style.kind == StyleKind::Routes || m.style.kind == StyleKind::Stops ||
        n.find("flexteam") != std::string::npos || n.find("route") != std::string::npos ||
        n.find("stops") != std::string::npos)
      return "Flexteam";
    if (n.find("ondermijning") != std::string::npos) return "Ondermijning";
    if (n.find("overlast") != std::string::npos) return "Overlast";
    if (n.find("buurt") != std::string::npos || n.find("wijk") != std::string::npos)
      return "Buurten en wijken";
    if (m.style.kind == StyleKind::GiClass || m.style.kind == StyleKind::LisaCluster)
      return "Hot spots";
    if (m.raster || m.style.kind == StyleKind::HotspotAreas) return "Dichtheid";
    return "Resultaten";
  };
  std::vector<std::string> groups;  // in draw order of their first layer
  const auto order_idx = draw_order(layers);
  for (std::size_t i : order_idx)
    if (std::find(groups.begin(), groups.end(), theme(layers[i])) == groups.end())
      groups.push_back(theme(layers[i]));
  std::string first_theme;
  for (const auto& gname : groups)
    if (gname != "Plaatsen" && gname != "Flexteam") {
      first_theme = gname;
      break;
    }
  if (first_theme.empty() && !groups.empty()) first_theme = groups.front();
  std::string tree, maps, order;
  for (const auto& group : groups) {
    const bool on = group == first_theme || group == "Plaatsen";
    tree += fmt::format(
        "<layer-tree-group expanded=\"1\" checked=\"{}\" name=\"{}\"><customproperties/>",
        on ? "Qt::Checked" : "Qt::Unchecked", esc(group));
    for (std::size_t i : order_idx) {
      const MapLayer& m = layers[i];
      if (theme(m) != group) continue;
      const std::string src = source_of(m);
      tree += fmt::format(
          "<layer-tree-layer expanded=\"1\" checked=\"Qt::Checked\" id=\"{}\" name=\"{}\" "
          "source=\"{}\" "
          "providerKey=\"{}\"><customproperties/></layer-tree-layer>",
          esc(ids[i]), esc(m.title), esc(src),
          m.raster                ? "gdal"
          : opt.pg_source.empty() ? "ogr"
                                  : "postgres");
    }
    tree += "</layer-tree-group>";
  }
  for (std::size_t i : order_idx) {
    const MapLayer& m = layers[i];
    const std::string& id = ids[i];
    const std::string src = source_of(m);
    const std::string provider = m.raster ? "gdal" : opt.pg_source.empty() ? "ogr" : "postgres";
    order += fmt::format("<item>{}</item>", esc(id));
    const Geom g = m.raster ? Geom::Raster : geom_of(m.table);
    const char* gname = g == Geom::Point ? "Point" : g == Geom::Line ? "Line" : "Polygon";
    maps += fmt::format(
        "<maplayer type=\"{}\"{} autoRefreshEnabled=\"0\" refreshOnNotifyEnabled=\"0\" "
        "styleCategories=\"AllStyleCategories\">",
        m.raster ? "raster" : "vector", m.raster ? "" : fmt::format(" geometry=\"{}\"", gname));
    maps += fmt::format(
        "<id>{}</id><datasource>{}</datasource><layername>{}</layername><srs>{}</srs>"
        "<provider encoding=\"UTF-8\">{}</provider>",
        esc(id), esc(src), esc(m.title), srs_xml, provider);
    maps += qml_body(m.style);
    maps += "</maplayer>";
  }
  std::string x = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n";
  const std::string title = opt.internal ? opt.title + " (INTERN - niet publiceren)" : opt.title;
  x += fmt::format("<qgis projectname=\"{}\" version=\"3.22.16-Białowieża\">", esc(title));
  x += "<homePath path=\"\"/><title>" + esc(title) + "</title>";
  x += "<projectCrs>" + srs_xml + "</projectCrs>";
  x += "<layer-tree-group><customproperties/>" + tree + "<custom-order enabled=\"0\">" + order +
       "</custom-order></layer-tree-group>";
  x += fmt::format(
      "<mapcanvas name=\"theMapCanvas\" "
      "annotationsVisible=\"1\"><units>meters</units><extent><xmin>{}</xmin>"
      "<ymin>{}</ymin><xmax>{}</xmax><ymax>{}</ymax></extent><rotation>0</"
      "rotation><destinationsrs>{}</destinationsrs>"
      "<rendermaptile>0</rendermaptile></mapcanvas>",
      env.MinX - pad, env.MinY - pad, env.MaxX + pad, env.MaxY + pad, srs_xml);
  x += "<projectlayers>" + maps + "</projectlayers>";
  x += "<properties><Paths><Absolute "
       "type=\"bool\">false</Absolute></Paths><Measurement><DistanceUnits "
       "type=\"QString\">meters</DistanceUnits>"
       "</Measurement><SpatialRefSys><ProjectionsEnabled "
       "type=\"int\">1</ProjectionsEnabled><ProjectCRSProj4String type=\"QString\">" +
       esc(proj4) + "</ProjectCRSProj4String><ProjectCrs type=\"QString\">" + esc(authid) +
       "</ProjectCrs></SpatialRefSys></properties></qgis>\n";
  write_file_atomically(qgs, x);
}

}  // namespace hotspot::mapping
