#include "hotspot/io/area_reader.hpp"

#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "hotspot/core/error.hpp"
#include "hotspot/io/gdal_handles.hpp"

namespace hotspot::io {

namespace {

bool transform_curve(OGRSimpleCurve& c, const crs::Transform& tf) {
  const int n = c.getNumPoints();
  std::vector<double> x(static_cast<std::size_t>(n)), y(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    x[static_cast<std::size_t>(i)] = c.getX(i);
    y[static_cast<std::size_t>(i)] = c.getY(i);
  }
  tf.forward(x.data(), y.data(), x.size());
  for (std::size_t i = 0; i < x.size(); ++i)
    if (!std::isfinite(x[i])) return false;
  c.setPoints(n, x.data(), y.data());
  return true;
}

bool is_polygonal(OGRwkbGeometryType t) {
  t = wkbFlatten(t);
  return t == wkbPolygon || t == wkbMultiPolygon || t == wkbCurvePolygon || t == wkbMultiSurface;
}

/// Keep only the polygonal parts of a geometry (MakeValid may return collections).
GeometryPtr polygonal_part(const OGRGeometry& g) {
  const auto t = wkbFlatten(g.getGeometryType());
  if (t == wkbPolygon || t == wkbMultiPolygon) return GeometryPtr(g.clone());
  if (t == wkbCurvePolygon || t == wkbMultiSurface) return GeometryPtr(g.getLinearGeometry());
  if (t == wkbGeometryCollection) {
    auto mp = std::make_unique<OGRMultiPolygon>();
    for (const auto* part : *g.toGeometryCollection()) {
      GeometryPtr p = polygonal_part(*part);
      if (!p) continue;
      if (wkbFlatten(p->getGeometryType()) == wkbPolygon)
        mp->addGeometry(p.get());
      else
        for (const auto* q : *p->toMultiPolygon()) mp->addGeometry(q);
    }
    if (mp->IsEmpty()) return nullptr;
    return GeometryPtr(mp.release());
  }
  return nullptr;
}

OGRLayer* choose_layer(GDALDataset& ds, const AreaSourceConfig& cfg) {
  if (!cfg.layer.empty()) {
    OGRLayer* l = ds.GetLayerByName(cfg.layer.c_str());
    if (!l) {
      std::string names;
      for (auto* x : ds.GetLayers())
        names += (names.empty() ? "" : ", ") + std::string(x->GetName());
      throw Error(ErrorCode::InputFormat,
                  fmt::format("no layer '{}' (layers: {})", cfg.layer, names), {cfg.path},
                  "give one of those names with --areas-layer");
    }
    return l;
  }
  std::vector<OGRLayer*> polys;
  for (auto* l : ds.GetLayers())
    if (is_polygonal(l->GetGeomType()) || l->GetGeomType() == wkbUnknown) polys.push_back(l);
  if (polys.size() == 1) return polys[0];
  if (polys.empty())
    throw Error(ErrorCode::InputFormat, "no polygon layer", {cfg.path},
                "give a layer of areas (Polygon or MultiPolygon), such as CBS buurten");
  std::string names;
  for (auto* l : polys) names += (names.empty() ? "" : ", ") + std::string(l->GetName());
  throw Error(ErrorCode::InputFormat, fmt::format("several polygon layers ({})", names), {cfg.path},
              "choose one with --areas-layer, e.g. --areas-layer buurten");
}

}  // namespace

bool transform_geometry(OGRGeometry& g, const crs::Transform& tf) {
  if (tf.is_identity()) return true;
  const auto t = wkbFlatten(g.getGeometryType());
  switch (t) {
    case wkbPoint: {
      auto* p = g.toPoint();
      double x = p->getX(), y = p->getY();
      tf.forward(x, y);
      p->setX(x);
      p->setY(y);
      return std::isfinite(x);
    }
    case wkbLineString:
    case wkbLinearRing:
      return transform_curve(*g.toSimpleCurve(), tf);
    case wkbPolygon: {
      bool ok = true;
      for (auto* ring : *g.toPolygon()) ok = transform_curve(*ring, tf) && ok;
      return ok;
    }
    default:
      if (OGR_GT_IsSubClassOf(t, wkbGeometryCollection)) {
        bool ok = true;
        for (auto* part : *g.toGeometryCollection()) ok = transform_geometry(*part, tf) && ok;
        return ok;
      }
      return false;
  }
}

AreaLayer read_areas(const AreaSourceConfig& cfg, RunContext& ctx) {
  DatasetPtr ds = open_vector(cfg.path);
  ResultSetPtr query(nullptr, ResultSetDeleter{ds.get()});
  if (is_sql_query(cfg.layer)) query = run_query(*ds, cfg.layer, cfg.path);
  OGRLayer* layer = query ? query.get() : choose_layer(*ds, cfg);
  ScopedGdalErrors errs;  // kept for the whole read: SQL errors may surface on the first fetch
  if (!cfg.where.empty()) {
    if (layer->SetAttributeFilter(cfg.where.c_str()) != OGRERR_NONE)
      throw Error(
          ErrorCode::Usage,
          fmt::format("the filter \"{}\" is not valid OGR SQL ({})", cfg.where, errs.last()),
          {cfg.path, layer->GetName()}, "write it like: gemeentecode = 'GM0150'");
  }
  std::string src_crs = cfg.crs.empty() ? srs_to_string(layer->GetSpatialRef()) : cfg.crs;
  if (src_crs.empty()) {
    ctx.warn("{}: the area layer has no CRS; assuming {} (give --areas-crs if that is wrong)",
             cfg.path, cfg.working_crs);
    src_crs = cfg.working_crs;
  }
  crs::Transform tf(src_crs, cfg.working_crs);
  // A GeoJSON without a "crs" member is WGS84 by RFC 7946; one written in RD metres then has
  // "longitudes" of 200,000. Say so, instead of every vertex failing to transform.
  if (cfg.crs.empty() && tf.source_is_geographic()) {
    OGREnvelope env;
    if (layer->GetExtent(&env, TRUE) == OGRERR_NONE &&
        (env.MinX < -180.5 || env.MaxX > 180.5 || env.MinY < -90.5 || env.MaxY > 90.5)) {
      const auto rd = crs::area_of_use("EPSG:28992", 0);
      const bool looks_rd =
          env.MinX >= rd[0] && env.MaxX <= rd[2] && env.MinY >= rd[1] && env.MaxY <= rd[3];
      throw Error(ErrorCode::Crs,
                  fmt::format("the layer says its coordinates are longitude/latitude ({}), but "
                              "they run from ({:.0f}, {:.0f}) "
                              "to ({:.0f}, {:.0f}){}",
                              src_crs, env.MinX, env.MinY, env.MaxX, env.MaxY,
                              looks_rd ? ", which looks like RD New (EPSG:28992) metres" : ""),
                  {cfg.path, layer->GetName()},
                  looks_rd ? "give the CRS with --areas-crs EPSG:28992 (a GeoJSON without a "
                             "\"crs\" member is read as WGS84)"
                           : "give the layer's real CRS with --areas-crs EPSG:<code>");
    }
  }

  AreaLayer out;
  out.source = cfg.path;
  out.layer_name = layer->GetName();
  out.table.crs = cfg.working_crs;
  OGRFeatureDefn* defn = layer->GetLayerDefn();
  out.table.fields = table_fields(defn);
  std::size_t skipped = 0;
  std::vector<std::string> repaired_names;
  layer->ResetReading();
  for (FeaturePtr f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature())) {
    const OGRGeometry* g0 = f->GetGeometryRef();
    if (!g0 || g0->IsEmpty() || !is_polygonal(g0->getGeometryType())) {
      ++skipped;
      continue;
    }
    GeometryPtr g = polygonal_part(*g0);
    if (!g || !transform_geometry(*g, tf)) {
      ++skipped;
      continue;
    }
    if (!g->IsValid()) {
      GeometryPtr fixed(g->MakeValid());
      GeometryPtr poly = fixed ? polygonal_part(*fixed) : nullptr;
      if (!poly) {
        ++skipped;
        continue;
      }
      g = std::move(poly);
      ++out.repaired;
      repaired_names.push_back(f->GetFieldCount() > 0 ? f->GetFieldAsString(0)
                                                      : std::to_string(f->GetFID()));
    }
    std::vector<Value> row = table_row(*f, out.table.fields);
    double area = 0;
    if (wkbFlatten(g->getGeometryType()) == wkbPolygon)
      area = g->toPolygon()->get_Area();
    else
      area = g->toMultiPolygon()->get_Area();
    out.table.rows.push_back(std::move(row));
    out.table.geometries.push_back(std::move(g));
    out.area_m2.push_back(area);
  }
  if (out.repaired > 0) {
    std::string names;
    for (std::size_t i = 0; i < repaired_names.size() && i < 5; ++i)
      names += (i ? ", " : "") + repaired_names[i];
    ctx.warn("{}: {} invalid polygon(s) repaired with make-valid ({}{})", cfg.path, out.repaired,
             names, repaired_names.size() > 5 ? ", ..." : "");
  }
  if (skipped > 0)
    ctx.warn("{}: {} feature(s) without a usable polygon were left out of the area layer", cfg.path,
             skipped);
  if (out.size() == 0 && !cfg.where.empty() && !errs.messages().empty())
    throw Error(ErrorCode::Usage,
                fmt::format("the filter \"{}\" is not valid ({})", cfg.where, errs.last()),
                {cfg.path, out.layer_name}, "write it like: gemeentecode = 'GM0150'");
  if (out.size() == 0)
    throw Error(ErrorCode::EmptyInput,
                cfg.where.empty() ? "no polygons in the layer" : "no polygons match the filter",
                {cfg.path, out.layer_name},
                cfg.where.empty() ? "give a layer of areas" : "check the --areas-where filter");
  return out;
}

}  // namespace hotspot::io
