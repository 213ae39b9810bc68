#include "hotspot/io/location_reader.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <fmt/format.h>

#include "hotspot/core/error.hpp"
#include "hotspot/crs/transform.hpp"
#include "hotspot/io/area_reader.hpp"
#include "hotspot/io/csv.hpp"
#include "hotspot/io/gdal_handles.hpp"
#include "hotspot/io/incident_reader.hpp"

namespace hotspot::io {

namespace {
bool is_csv(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return path.rfind("PG:", 0) != 0 && (ext == ".csv" || ext == ".txt" || ext == ".tsv");
}
bool inside(const crs::Bounds& b, double x, double y) {
  return x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];
}
}  // namespace

Table read_locations(const LocationSourceConfig& cfg, RejectsSink& rejects, LocationStats& st,
                     RunContext& ctx) {
  Table t;
  t.crs = cfg.working_crs;
  if (is_csv(cfg.path)) {
    MappedFile file(cfg.path);
    CsvReader csv(file.data());
    std::vector<std::string_view> f;
    if (!csv.next(f))
      throw Error(ErrorCode::EmptyInput, "the file is empty (no header line)", {cfg.path});
    if (csv.broken())
      throw Error(ErrorCode::InputFormat, "the header line: " + csv.broken_reason(),
                  {cfg.path, "", "", 1}, "remove the stray quote from the header");
    std::vector<std::string> header;
    for (auto v : f) header.emplace_back(v);
    const auto cc =
        find_coordinate_columns(header, cfg.x_col, cfg.y_col, cfg.lon_col, cfg.lat_col, cfg.path);
    for (const auto& h : header) t.fields.push_back({h, FieldType::String});
    const std::string src =
        cfg.crs.empty() ? (cc.geographic ? "EPSG:4326" : cfg.working_crs) : crs::normalise(cfg.crs);
    const crs::Transform tf(src, cfg.working_crs);
    const auto src_b = crs::area_of_use(src), work_b = crs::area_of_use(cfg.working_crs);
    while (csv.next(f)) {
      ++st.read;
      auto reject = [&](std::string why) {
        rejects.add(cfg.path, csv.line(), std::move(why), std::string(csv.raw()));
        ++st.rejected;
      };
      if (csv.broken()) {
        reject(csv.broken_reason());
        continue;
      }
      if (f.size() < header.size()) {
        reject(fmt::format("too few fields (got {}, header has {})", f.size(), header.size()));
        continue;
      }
      double x, y;
      const auto xs = f[static_cast<std::size_t>(cc.x)], ys = f[static_cast<std::size_t>(cc.y)];
      if (!parse_number(xs, x) || !parse_number(ys, y)) {
        reject(fmt::format("missing or non-numeric coordinate ('{}', '{}')", xs, ys));
        continue;
      }
      if (!std::isfinite(x) || !std::isfinite(y)) {
        reject("NaN or infinite coordinate");
        continue;
      }
      if (!inside(src_b, x, y)) {
        reject(fmt::format("outside the valid area of {} ({}, {})", src, x, y));
        continue;
      }
      tf.forward(x, y);
      if (!std::isfinite(x) || !inside(work_b, x, y)) {
        reject("coordinate cannot be transformed to the working CRS");
        continue;
      }
      std::vector<Value> row;
      for (auto v : f) row.emplace_back(std::string(v));
      row.resize(header.size());
      t.rows.push_back(std::move(row));
      t.geometries.emplace_back(std::make_unique<OGRPoint>(x, y).release());
    }
    return t;
  }
  DatasetPtr ds = open_vector(cfg.path);
  OGRLayer* layer = cfg.layer.empty() ? ds->GetLayer(0) : ds->GetLayerByName(cfg.layer.c_str());
  if (!layer)
    throw Error(ErrorCode::InputFormat, fmt::format("no layer '{}'", cfg.layer), {cfg.path});
  std::string src = cfg.crs.empty() ? srs_to_string(layer->GetSpatialRef()) : cfg.crs;
  if (src.empty()) {
    ctx.warn("{}: the layer has no CRS; assuming {}", cfg.path, cfg.working_crs);
    src = cfg.working_crs;
  }
  const crs::Transform tf(src, cfg.working_crs);
  t.fields = table_fields(layer->GetLayerDefn());
  std::int64_t n = 0;
  for (FeaturePtr feat(layer->GetNextFeature()); feat; feat.reset(layer->GetNextFeature())) {
    ++n;
    ++st.read;
    auto reject = [&](std::string why) {
      rejects.add(cfg.path, n, std::move(why), fmt::format("fid {}", feat->GetFID()));
      ++st.rejected;
    };
    const OGRGeometry* g0 = feat->GetGeometryRef();
    if (!g0 || g0->IsEmpty()) {
      reject("empty or missing geometry");
      continue;
    }
    const auto gt = wkbFlatten(g0->getGeometryType());
    if (gt != wkbPoint && gt != wkbMultiPoint && gt != wkbPolygon && gt != wkbMultiPolygon) {
      reject(
          fmt::format("not a point or polygon ({})", OGRGeometryTypeToName(g0->getGeometryType())));
      continue;
    }
    GeometryPtr g(g0->clone());
    if (!transform_geometry(*g, tf)) {
      reject("coordinate cannot be transformed to the working CRS");
      continue;
    }
    if ((gt == wkbPolygon || gt == wkbMultiPolygon) && !g->IsValid()) {
      GeometryPtr fixed(g->MakeValid());
      if (!fixed || fixed->IsEmpty()) {
        reject("invalid polygon that make-valid cannot repair");
        continue;
      }
      g = std::move(fixed);
    }
    std::vector<Value> row = table_row(*feat, t.fields);
    t.rows.push_back(std::move(row));
    t.geometries.push_back(std::move(g));
  }
  return t;
}

}  // namespace hotspot::io
