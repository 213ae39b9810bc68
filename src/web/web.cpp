#include "hotspot/web/web.hpp"

#include <cairo.h>
#include <gdalwarper.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include <cpl_string.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "hotspot/core/atomic_file.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/incidents.hpp"
#include "hotspot/core/values.hpp"
#include "hotspot/crs/transform.hpp"
#include "hotspot/export/cairo_handles.hpp"
#include "hotspot/io/area_reader.hpp"
#include "hotspot/io/gdal_handles.hpp"
#include "hotspot/web/assets.hpp"  // generated from src/web/app.{js,css} (CMake)

#ifndef HOTSPOT_LEAFLET_DEFAULT
#define HOTSPOT_LEAFLET_DEFAULT ""
#endif

namespace hotspot::web {

namespace fs = std::filesystem;
using mapping::MapLayer;
using mapping::StyleKind;
using nlohmann::ordered_json;

namespace {

constexpr const char* kGenerator = "<meta name=\"generator\" content=\"hotspot web\">";

bool has_leaflet(const fs::path& d) {
  return fs::exists(d / "dist" / "leaflet.js") && fs::exists(d / "dist" / "leaflet.css") &&
         fs::exists(d / "LICENSE");
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

ordered_json value_json(const Value& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v))
    return std::isfinite(*d) ? ordered_json(*d) : nullptr;
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return nullptr;
}

std::string hex_alpha(const mapping::Rgba& c) {
  return fmt::format("#{:02x}{:02x}{:02x}{:02x}", c.r, c.g, c.b, c.a);
}

/// Themes: one area or surface layer on at a time (radio buttons); overlays on top (check boxes).
bool is_theme(const MapLayer& m) {
  if (m.raster) return true;
  switch (m.style.kind) {
    case StyleKind::Graduated:
    case StyleKind::GiClass:
    case StyleKind::LisaCluster:
      return m.style.geom == mapping::Geom::Polygon;
    default:
      return false;
  }
}

const char* kind_name(StyleKind k) {
  switch (k) {
    case StyleKind::Graduated:
      return "graduated";
    case StyleKind::GiClass:
      return "gi";
    case StyleKind::LisaCluster:
      return "lisa";
    case StyleKind::Places:
      return "places";
    case StyleKind::HotspotAreas:
      return "hotspots";
    case StyleKind::Routes:
      return "routes";
    case StyleKind::Stops:
      return "stops";
    case StyleKind::Raster:
      return "raster";
    case StyleKind::Plain:
    default:
      return "plain";
  }
}

ordered_json legend_of(const mapping::LayerStyle& s) {
  ordered_json l = ordered_json::array();
  for (const auto& c : s.classes)
    if (c.color.a > 0 || s.kind == StyleKind::Places) l.push_back({c.label, hex_alpha(c.color)});
  if (!s.withheld_label.empty()) l.push_back({s.withheld_label, "#c8c8c8ff"});
  return l;
}

/// A vector layer as RFC 7946 GeoJSON in WGS84, each feature's id its row, with its colour.
void vector_json(const MapLayer& m, const std::string& working_crs, ordered_json& out) {
  const crs::Transform tf(working_crs, "EPSG:4326");
  const auto& t = m.table;
  const int fi = m.style.field.empty() ? -1 : t.field_index(m.style.field);
  ordered_json fc = {{"type", "FeatureCollection"}, {"features", ordered_json::array()}};
  ordered_json colors = ordered_json::array();
  CPLStringList jopts;
  jopts.SetNameValue("COORDINATE_PRECISION", "6");  // 0.1 m: well below any published geometry
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    ordered_json props = ordered_json::object();
    for (std::size_t j = 0; j < t.fields.size() && j < t.rows[i].size(); ++j)
      props[t.fields[j].name] = value_json(t.rows[i][j]);
    ordered_json geom = nullptr;
    if (i < t.geometries.size() && t.geometries[i]) {
      GeometryPtr g(t.geometries[i]->clone());
      io::transform_geometry(*g, tf);
      io::CplString txt(OGR_G_ExportToJsonEx(OGRGeometry::ToHandle(g.get()), jopts.List()));
      if (txt) geom = ordered_json::parse(txt.get());
    }
    fc["features"].push_back({{"type", "Feature"},
                              {"id", i},
                              {"properties", std::move(props)},
                              {"geometry", std::move(geom)}});
    const Value none;
    mapping::Rgba c =
        mapping::color_for(m.style, fi >= 0 && static_cast<std::size_t>(fi) < t.rows[i].size()
                                        ? t.rows[i][static_cast<std::size_t>(fi)]
                                        : none);
    colors.push_back(hex_alpha(c));
  }
  out["data"] = std::move(fc);
  out["colors"] = std::move(colors);
}

/// A raster warped to Web Mercator (GDAL, nearest neighbour: a class is never blended into
/// another), coloured by its style into `dir/<file>`; returns the WGS84 bounds
/// [[south, west], [north, east]] the image spans in Leaflet's Web Mercator map.
ordered_json raster_png(const MapLayer& m, const std::string& working_crs, const fs::path& dir,
                        const std::string& file) {
  io::ensure_gdal();
  io::ScopedGdalErrors errs;
  const Grid& g = m.grid;
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  if (!mem) throw Error(ErrorCode::Internal, "GDAL's MEM driver is missing", {file});
  constexpr double kNoData = -9999.0;
  io::DatasetPtr src(mem->Create("", static_cast<int>(g.ncols), static_cast<int>(g.nrows), 1,
                                 GDT_Float64, nullptr));
  if (!src) throw Error(ErrorCode::Resource, "cannot hold the raster in memory", {file});
  double gt[6] = {g.xmin, g.cell_m, 0, g.ymax(), 0, -g.cell_m};
  src->SetGeoTransform(gt);
  const io::SrsPtr srs = io::make_srs(working_crs);
  src->SetSpatialRef(srs.get());
  GDALRasterBand* band = src->GetRasterBand(1);
  band->SetNoDataValue(kNoData);
  std::vector<double> row(static_cast<std::size_t>(g.ncols));
  for (std::int64_t r = 0; r < g.nrows; ++r) {  // GDAL rows run north to south
    const std::int64_t gr = g.nrows - 1 - r;
    for (std::int64_t c = 0; c < g.ncols; ++c) {
      const double v = m.values[static_cast<std::size_t>(gr * g.ncols + c)];
      row[static_cast<std::size_t>(c)] = std::isfinite(v) ? v : kNoData;
    }
    if (band->RasterIO(GF_Write, 0, static_cast<int>(r), static_cast<int>(g.ncols), 1, row.data(),
                       static_cast<int>(g.ncols), 1, GDT_Float64, 0, 0, nullptr) != CE_None)
      throw Error(ErrorCode::Internal, fmt::format("cannot fill the raster ({})", errs.last()),
                  {file});
  }
  const io::SrsPtr merc = io::make_srs("EPSG:3857");
  char* wkt_raw = nullptr;
  merc->exportToWkt(&wkt_raw);
  const io::CplString wkt(wkt_raw);
  // Declared after src: the warped view refers to it and goes first.
  io::DatasetPtr warped(GDALDataset::FromHandle(GDALAutoCreateWarpedVRT(
      GDALDataset::ToHandle(src.get()), nullptr, wkt.get(), GRA_NearestNeighbour, 0.0, nullptr)));
  if (!warped)
    throw Error(ErrorCode::Crs,
                fmt::format("cannot warp the raster to Web Mercator ({})", errs.last()), {file});
  const int w = warped->GetRasterXSize(), h = warped->GetRasterYSize();
  if (w <= 0 || h <= 0 || static_cast<std::int64_t>(w) * h > (std::int64_t{1} << 28))
    throw Error(ErrorCode::Resource,
                fmt::format("the raster is too large for a web map ({} x {} px)", w, h), {file},
                "use a larger --cell-m for the surface");
  std::vector<double> px(static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
  if (warped->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, w, h, px.data(), w, h, GDT_Float64, 0, 0,
                                         nullptr) != CE_None)
    throw Error(ErrorCode::Crs, fmt::format("cannot warp the raster ({})", errs.last()), {file});
  double wgt[6];
  warped->GetGeoTransform(wgt);
  mapping::CairoSurfacePtr img(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h));
  const int stride = cairo_image_surface_get_stride(img.get());
  unsigned char* data = cairo_image_surface_get_data(img.get());
  for (int r = 0; r < h; ++r)
    for (int c = 0; c < w; ++c) {
      const double v = px[static_cast<std::size_t>(r) * static_cast<std::size_t>(w) +
                          static_cast<std::size_t>(c)];
      mapping::Rgba col =
          v == kNoData ? mapping::Rgba{0, 0, 0, 0} : mapping::color_for_raster(m.style, v);
      reinterpret_cast<std::uint32_t*>(data + r * stride)[c] = mapping::premultiplied(col);
    }
  cairo_surface_mark_dirty(img.get());
  if (cairo_surface_write_to_png(img.get(), (dir / file).c_str()) != CAIRO_STATUS_SUCCESS)
    throw Error(ErrorCode::Output, "cannot write the raster image", {(dir / file).string()},
                "free disk space and check that the folder is writable");
  double x[2] = {wgt[0], wgt[0] + w * wgt[1]}, y[2] = {wgt[3] + h * wgt[5], wgt[3]};
  const crs::Transform tf("EPSG:3857", "EPSG:4326");
  tf.forward(x, y, 2);
  return ordered_json::array(
      {ordered_json::array({y[0], x[0]}), ordered_json::array({y[1], x[1]})});
}

/// The page's own words.
ordered_json words(const std::string& lang) {
  if (lang == "en")
    return {{"themes", "Theme"},    {"overlays", "On top"},
            {"legend", "Legend"},   {"withheld", "not published (small count)"},
            {"none", "none"},       {"internal", "INTERNAL - do not publish"},
            {"stop", "stop"},       {"team", "team"},
            {"arrival", "arrival"}, {"departure", "departure"},
            {"nothing", "no value"}};
  return {{"themes", "Thema"},       {"overlays", "Erbovenop"},
          {"legend", "Legenda"},     {"withheld", "niet gepubliceerd (klein aantal)"},
          {"none", "geen"},          {"internal", "INTERN - niet publiceren"},
          {"stop", "stop"},          {"team", "team"},
          {"arrival", "aankomst"},   {"departure", "vertrek"},
          {"nothing", "geen waarde"}};
}

/// Removes a folder that did not become the output (a failed or interrupted write).
struct FolderGuard {
  fs::path dir;
  bool keep = false;
  ~FolderGuard() {
    if (!keep && !dir.empty()) {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  }
};

void copy_file_checked(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
  if (ec)
    throw Error(ErrorCode::Output, fmt::format("cannot copy {} ({})", from.string(), ec.message()),
                {to.string()}, "free disk space and check that the folder is writable");
}

}  // namespace

fs::path find_leaflet(const std::string& given) {
  std::vector<fs::path> tried;
  if (!given.empty()) {
    if (has_leaflet(given)) return given;
    tried.emplace_back(given);
  } else {
    if (const char* e = std::getenv("HOTSPOT_LEAFLET_DIR"); e && *e) {
      if (has_leaflet(e)) return e;
      tried.emplace_back(e);
    }
    if (*HOTSPOT_LEAFLET_DEFAULT) {
      if (has_leaflet(HOTSPOT_LEAFLET_DEFAULT)) return HOTSPOT_LEAFLET_DEFAULT;
      tried.emplace_back(HOTSPOT_LEAFLET_DEFAULT);
    }
  }
  std::string where;
  for (const auto& t : tried) where += (where.empty() ? "" : ", ") + t.string();
  throw Error(ErrorCode::InputMissing,
              fmt::format("the web map's library (Leaflet) is not installed (looked in {})",
                          where.empty() ? "no folder" : where),
              {where, "", "--leaflet"},
              "run `bash scripts/setup-web.sh`, or give --leaflet with the folder of the npm "
              "package leaflet");
}

std::string map_data_json(const std::vector<MapLayer>& layers, const fs::path& dir,
                          const WebOptions& opt) {
  ordered_json d;
  d["title"] = opt.title;
  d["data_date"] = opt.data_date;
  d["source"] = opt.source;
  d["description"] = opt.description;
  d["internal"] = opt.internal;
  d["lang"] = opt.lang;
  d["words"] = words(opt.lang);
  const OGREnvelope env = mapping::extent(layers);
  if (!env.IsInit())
    throw Error(ErrorCode::EmptyInput, "nothing to draw", {}, "give layers with geometries");
  {
    double x[2] = {env.MinX, env.MaxX}, y[2] = {env.MinY, env.MaxY};
    const crs::Transform tf(opt.working_crs, "EPSG:4326");
    tf.forward(x, y, 2);
    d["bounds"] = {{y[0], x[0]}, {y[1], x[1]}};
  }
  d["layers"] = ordered_json::array();
  bool theme_on = false;
  const auto order = mapping::draw_order(layers);  // top first
  // The first count layer given is the theme shown on opening (the buurten in the pipeline).
  std::size_t first_theme = layers.size();
  for (std::size_t i = 0; i < layers.size() && first_theme == layers.size(); ++i)
    if (is_theme(layers[i]) && !layers[i].raster && layers[i].style.kind == StyleKind::Graduated)
      first_theme = i;
  std::set<std::string> files;
  for (std::size_t idx : order) {
    const MapLayer& m = layers[idx];
    ordered_json l;
    std::string id = column_safe(m.name.empty() ? m.title : m.name);
    while (files.count(id)) id += "_";
    files.insert(id);
    l["id"] = id;
    l["title"] = mapping::human_title(m, opt.lang);
    l["kind"] = kind_name(m.style.kind);
    l["theme"] = is_theme(m);
    l["field"] = m.style.field;
    l["label_field"] = m.style.label_field;
    l["legend"] = legend_of(m.style);
    l["withheld_label"] = m.style.withheld_label.empty() ? "" : d["words"]["withheld"];
    if (is_theme(m))
      l["visible"] = idx == first_theme || (first_theme == layers.size() && !theme_on);
    else
      l["visible"] = m.style.kind != StyleKind::HotspotAreas && m.style.kind != StyleKind::Plain;
    if (l["visible"].get<bool>() && is_theme(m)) theme_on = true;
    if (m.raster) {
      l["geom"] = "raster";
      l["image"] = id + ".png";
      l["image_bounds"] = raster_png(m, opt.working_crs, dir, id + ".png");
    } else {
      l["geom"] = m.style.geom == mapping::Geom::Point  ? "point"
                  : m.style.geom == mapping::Geom::Line ? "line"
                                                        : "polygon";
      vector_json(m, opt.working_crs, l);
    }
    d["layers"].push_back(std::move(l));
  }
  return d.dump();
}

void write_web(const std::vector<MapLayer>& layers, const fs::path& dir_in, const WebOptions& opt,
               RunContext& ctx) {
  const fs::path dir = fs::absolute(dir_in).lexically_normal();
  const fs::path leaflet = opt.leaflet_dir.empty() ? find_leaflet("") : opt.leaflet_dir;
  // An existing folder is replaced only when it is a web map of hotspot's (or empty).
  if (fs::exists(dir)) {
    if (!fs::is_directory(dir))
      throw Error(ErrorCode::Usage, "the web map's folder is a file", {dir.string(), "", "--out"},
                  "give a folder name");
    const bool empty = fs::is_empty(dir);
    const bool ours = fs::exists(dir / "index.html") &&
                      read_text(dir / "index.html").find(kGenerator) != std::string::npos;
    if (!empty && !ours)
      throw Error(ErrorCode::Usage,
                  "the web map's folder exists and is not a hotspot web map: it is left as it is",
                  {dir.string(), "", "--out"}, "give a new or empty folder");
  }
  const std::string tag = std::to_string(::getpid());
  FolderGuard building{dir.parent_path() / ("." + dir.filename().string() + ".tmp-" + tag)};
  std::error_code ec;
  fs::remove_all(building.dir, ec);
  fs::create_directories(building.dir / "leaflet" / "images", ec);
  if (ec)
    throw Error(ErrorCode::Output, fmt::format("cannot create the folder ({})", ec.message()),
                {building.dir.string()}, "check that the parent folder exists and is writable");
  const fs::path b = building.dir;
  const std::string data = map_data_json(layers, b, opt);
  auto write = [&](const fs::path& p, const std::string& text) {
    std::ofstream o(p, std::ios::binary);
    o << text;
    o.close();
    if (!o)
      throw Error(ErrorCode::Output, "cannot write the web map", {p.string()},
                  "free disk space and check that the folder is writable");
  };
  // The data as a classic script: a page from file:// cannot fetch() it. "</" is escaped so
  // that no text in the data can end the script.
  std::string js;
  js.reserve(data.size() + 64);
  js += "window.HOTSPOT_MAP = ";
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (data[i] == '<' && i + 1 < data.size() && data[i + 1] == '/') {
      js += "<\\/";
      ++i;
    } else {
      js += data[i];
    }
  }
  js += ";\n";
  write(b / "data.js", js);
  write(b / "app.js", kAppJs);
  write(b / "app.css", kAppCss);
  copy_file_checked(leaflet / "dist" / "leaflet.js", b / "leaflet" / "leaflet.js");
  copy_file_checked(leaflet / "dist" / "leaflet.css", b / "leaflet" / "leaflet.css");
  copy_file_checked(leaflet / "LICENSE", b / "leaflet" / "LICENSE");
  if (fs::exists(leaflet / "package.json"))
    copy_file_checked(leaflet / "package.json", b / "leaflet" / "package.json");
  for (const auto& e : fs::directory_iterator(leaflet / "dist" / "images"))
    copy_file_checked(e.path(), b / "leaflet" / "images" / e.path().filename());
  const std::string title =
      opt.internal ? opt.title + " (" + words(opt.lang)["internal"].get<std::string>() + ")"
                   : opt.title;
  write(
      b / "index.html",
      fmt::format(
          "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n{}\n"
          // Nothing leaves the machine: no script, style, image or connection from elsewhere.
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "script-src 'self' file:; style-src 'self' file: 'unsafe-inline'; img-src 'self' "
          "file: data:\">\n"
          "<meta name=\"description\" content=\"{}\">\n<title>{}</title>\n"
          "<link rel=\"stylesheet\" href=\"leaflet/leaflet.css\">\n"
          "<link rel=\"stylesheet\" href=\"app.css\">\n</head>\n<body>\n"
          "<div id=\"map\" aria-label=\"{}\"></div>\n"
          "<noscript>{}</noscript>\n"
          "<script src=\"leaflet/leaflet.js\"></script>\n<script src=\"data.js\"></script>\n"
          "<script src=\"app.js\"></script>\n</body>\n</html>\n",
          opt.lang == "en" ? "en" : "nl", kGenerator, xml_escape(opt.description),
          xml_escape(title), opt.lang == "en" ? "map" : "kaart",
          opt.lang == "en" ? "This map needs JavaScript." : "Deze kaart heeft JavaScript nodig."));
  // Switch in: the old page (if any) aside, the new one in its place, the old one removed.
  const fs::path old = dir.parent_path() / ("." + dir.filename().string() + ".old-" + tag);
  FolderGuard old_guard{old};
  if (fs::exists(dir)) {
    fs::rename(dir, old, ec);
    if (ec)
      throw Error(ErrorCode::Output, fmt::format("cannot replace the folder ({})", ec.message()),
                  {dir.string()}, "check that the folder is not in use and is writable");
  }
  fs::rename(b, dir, ec);
  if (ec) {
    std::error_code ec2;
    if (fs::exists(old)) fs::rename(old, dir, ec2);
    throw Error(ErrorCode::Output, fmt::format("cannot write the folder ({})", ec.message()),
                {dir.string()}, "check that the parent folder is writable");
  }
  building.keep = true;
  ctx.info("web map: {} layer(s) in {}", layers.size(), (dir / "index.html").string());
}

}  // namespace hotspot::web
