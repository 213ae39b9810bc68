#include "hotspot/export/render.hpp"

#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include <fmt/format.h>

#include "hotspot/core/atomic_file.hpp"
#include "hotspot/export/cairo_handles.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/values.hpp"

namespace hotspot::mapping {

namespace {
constexpr const char* kInternalMark = "INTERN - niet publiceren";
}  // namespace

namespace {

void set(cairo_t* cr, const Rgba& c) {
  cairo_set_source_rgba(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0, c.a / 255.0);
}

/// World (RD metres) to pixels in the map frame.
struct View {
  double x0, y0, scale;  // pixel = (x - x0) * scale + fx, fy - (y - y0) * scale
  double fx, fy;
  double px(double x) const { return fx + (x - x0) * scale; }
  double py(double y) const { return fy - (y - y0) * scale; }
};

void path_ring(cairo_t* cr, const View& v, const OGRSimpleCurve& ring) {
  for (int i = 0; i < ring.getNumPoints(); ++i) {
    const double x = v.px(ring.getX(i)), y = v.py(ring.getY(i));
    i == 0 ? cairo_move_to(cr, x, y) : cairo_line_to(cr, x, y);
  }
  cairo_close_path(cr);
}

void path_polygon(cairo_t* cr, const View& v, const OGRGeometry& g) {
  const auto t = wkbFlatten(g.getGeometryType());
  if (t == wkbPolygon) {
    for (const auto* ring : *g.toPolygon()) path_ring(cr, v, *ring);
  } else if (t == wkbMultiPolygon) {
    for (const auto* p : *g.toMultiPolygon()) path_polygon(cr, v, *p);
  }
}

void centre(const OGRGeometry& g, double& x, double& y) {
  OGRPoint p;
  if (wkbFlatten(g.getGeometryType()) == wkbPoint)
    p = *g.toPoint();
  else
    g.Centroid(&p);
  x = p.getX();
  y = p.getY();
}

std::string text_of(const Value& v) {
  return value_text(v);
}

void label(cairo_t* cr, double x, double y, const std::string& s, double size, bool bold = false) {
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
  cairo_text_extents_t e;
  cairo_text_extents(cr, s.c_str(), &e);
  const double lx = x - e.width / 2 - e.x_bearing, ly = y - e.height / 2 - e.y_bearing;
  cairo_move_to(cr, lx, ly);
  cairo_text_path(cr, s.c_str());
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_set_line_width(cr, size / 4);
  cairo_stroke(cr);
  cairo_move_to(cr, lx, ly);
  cairo_set_source_rgb(cr, 0.08, 0.08, 0.08);
  cairo_show_text(cr, s.c_str());
}

}  // namespace

void render_png(const std::vector<MapLayer>& layers, const std::filesystem::path& png,
                const RenderOptions& opt) {
  if (opt.width_px < 200 || opt.height_px < 150 || opt.width_px > 20000 || opt.height_px > 20000 ||
      !(opt.dpi >= 36 && opt.dpi <= 1200))
    throw Error(
        ErrorCode::Usage, "the picture size is out of range", {"", "", "--width-px"},
        "give --width-px and --height-px between 200 and 20000 and --dpi between 36 and 1200");
  CairoSurfacePtr surf(
      cairo_image_surface_create(CAIRO_FORMAT_ARGB32, opt.width_px, opt.height_px));
  CairoPtr crp(cairo_create(surf.get()));
  cairo_t* cr = crp.get();
  const double pt = opt.dpi / 72.0;  // pixels per typographic point
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);

  // Layout: title band on top, legend panel on the right, the map in the rest.
  const double W = opt.width_px, H = opt.height_px;
  const double title_h = 34 * pt, legend_w = std::min(W * 0.3, 230 * pt), margin = 10 * pt;
  const double mx0 = margin, my0 = title_h, mw = W - legend_w - 2 * margin,
               mh = H - title_h - margin;
  OGREnvelope env = extent(layers);
  if (!env.IsInit())
    throw Error(ErrorCode::EmptyInput, "nothing to draw", {}, "give layers with geometries");
  const double pad = 0.03 * std::max(env.MaxX - env.MinX, env.MaxY - env.MinY) + 1;
  env.MinX -= pad;
  env.MinY -= pad;
  env.MaxX += pad;
  env.MaxY += pad;
  const double scale = std::min(mw / (env.MaxX - env.MinX), mh / (env.MaxY - env.MinY));
  View v{env.MinX, env.MinY, scale, mx0 + (mw - (env.MaxX - env.MinX) * scale) / 2,
         my0 + mh - (mh - (env.MaxY - env.MinY) * scale) / 2};

  cairo_save(cr);
  cairo_rectangle(cr, mx0, my0, mw, mh);
  cairo_clip(cr);
  std::vector<std::size_t> order = draw_order(layers);
  std::reverse(order.begin(), order.end());  // bottom first
  for (std::size_t idx : order) {
    const MapLayer& m = layers[idx];
    if (m.raster) {
      const Grid& g = m.grid;
      CairoSurfacePtr img(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, static_cast<int>(g.ncols),
                                                     static_cast<int>(g.nrows)));
      const int stride = cairo_image_surface_get_stride(img.get());
      unsigned char* data = cairo_image_surface_get_data(img.get());
      for (std::int64_t r = 0; r < g.nrows; ++r)
        for (std::int64_t c = 0; c < g.ncols; ++c) {
          Rgba col = color_for_raster(m.style, m.values[static_cast<std::size_t>(r * g.ncols + c)]);
          const double a = col.a / 255.0 * 0.85;
          auto* p = reinterpret_cast<std::uint32_t*>(data + (g.nrows - 1 - r) * stride) +
                    c;  // premultiplied ARGB
          *p = (static_cast<std::uint32_t>(a * 255) << 24) |
               (static_cast<std::uint32_t>(col.r * a) << 16) |
               (static_cast<std::uint32_t>(col.g * a) << 8) | static_cast<std::uint32_t>(col.b * a);
        }
      cairo_surface_mark_dirty(img.get());
      cairo_save(cr);
      cairo_translate(cr, v.px(g.xmin), v.py(g.ymax()));
      cairo_scale(cr, g.cell_m * scale, g.cell_m * scale);
      cairo_set_source_surface(cr, img.get(), 0, 0);
      cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
      cairo_paint(cr);
      cairo_restore(cr);
      continue;
    }
    const auto& t = m.table;
    const int fi = m.style.field.empty() ? -1 : t.field_index(m.style.field);
    for (std::size_t i = 0; i < t.geometries.size(); ++i) {
      if (!t.geometries[i]) continue;
      const OGRGeometry& g = *t.geometries[i];
      const Rgba col =
          color_for(m.style, fi >= 0 ? t.rows[i][static_cast<std::size_t>(fi)] : Value{});
      const auto gt = wkbFlatten(g.getGeometryType());
      if (gt == wkbPolygon || gt == wkbMultiPolygon) {
        cairo_new_path(cr);
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
        path_polygon(cr, v, g);
        set(cr, col);
        cairo_fill_preserve(cr);
        const bool outline =
            m.style.kind == StyleKind::Places || m.style.kind == StyleKind::HotspotAreas;
        if (col.a == 0 && !outline) {  // not significant: nothing to draw
          cairo_new_path(cr);
          continue;
        }
        cairo_set_source_rgba(cr, outline ? 0.55 : 0.43, outline ? 0.0 : 0.43, outline ? 0.1 : 0.43,
                              1);
        cairo_set_line_width(cr,
                             outline ? 1.6 * pt : (t.geometries.size() > 300 ? 0.15 : 0.4) * pt);
        cairo_stroke(cr);
      } else if (gt == wkbLineString || gt == wkbMultiLineString) {
        auto draw_line = [&](const OGRLineString& ls) {
          for (int k = 0; k < ls.getNumPoints(); ++k)
            k == 0 ? cairo_move_to(cr, v.px(ls.getX(k)), v.py(ls.getY(k)))
                   : cairo_line_to(cr, v.px(ls.getX(k)), v.py(ls.getY(k)));
        };
        cairo_new_path(cr);
        if (gt == wkbLineString)
          draw_line(*g.toLineString());
        else
          for (const auto* ls : *g.toMultiLineString()) draw_line(*ls);
        set(cr, col);
        cairo_set_line_width(cr, 2.4 * pt);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(cr);
      } else if (gt == wkbPoint) {
        const double x = v.px(g.toPoint()->getX()), y = v.py(g.toPoint()->getY());
        cairo_new_path(cr);
        cairo_arc(cr, x, y, 5.5 * pt, 0, 2 * M_PI);
        set(cr, col.a ? col : Rgba{255, 255, 255});
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        cairo_set_line_width(cr, 0.8 * pt);
        cairo_stroke(cr);
      }
    }
    if (!m.style.label_field.empty()) {
      const int li = t.field_index(m.style.label_field);
      for (std::size_t i = 0; li >= 0 && i < t.geometries.size(); ++i) {
        if (!t.geometries[i]) continue;
        double x, y;
        centre(*t.geometries[i], x, y);
        const std::string s = text_of(t.rows[i][static_cast<std::size_t>(li)]);
        label(cr, v.px(x), v.py(y) - (m.style.kind == StyleKind::Places ? 9 * pt : 0), s,
              (m.style.kind == StyleKind::Stops ? 6 : 7.5) * pt, m.style.kind == StyleKind::Stops);
      }
    }
  }
  cairo_restore(cr);
  cairo_rectangle(cr, mx0, my0, mw, mh);
  cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
  cairo_set_line_width(cr, 1 * pt);
  cairo_stroke(cr);

  // Title and data date.
  cairo_set_source_rgb(cr, 0.08, 0.08, 0.08);
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size(cr, 15 * pt);
  cairo_move_to(cr, margin, 19 * pt);
  cairo_show_text(cr, opt.title.c_str());
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, 8 * pt);
  cairo_move_to(cr, margin, 30 * pt);
  cairo_show_text(cr,
                  (opt.data_date + (opt.data_date.empty() ? "" : "   ") + opt.crs_label).c_str());
  if (opt.internal) {  // exact values: the map says it is not for publication
    cairo_set_source_rgb(cr, 0.75, 0.05, 0.05);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
    cairo_set_font_size(cr, 10 * pt);
    cairo_text_extents_t ext;
    cairo_text_extents(cr, kInternalMark, &ext);
    cairo_move_to(cr, opt.width_px - margin - ext.x_advance, 19 * pt);
    cairo_show_text(cr, kInternalMark);
  }

  // Scale bar: a round length near a fifth of the map width.
  const double target = (mw / scale) / 5;
  const double p10 = std::pow(10, std::floor(std::log10(target)));
  double len = p10;
  for (double f : {1.0, 2.0, 5.0, 10.0})
    if (f * p10 <= target) len = f * p10;
  const double sx = mx0 + 12 * pt, sy = my0 + mh - 14 * pt, spx = len * scale;
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, sx - 6 * pt, sy - 14 * pt, spx + 12 * pt + 40 * pt, 22 * pt);
  cairo_fill(cr);
  for (int k = 0; k < 4; ++k) {
    cairo_rectangle(cr, sx + k * spx / 4, sy - 3 * pt, spx / 4, 4 * pt);
    k % 2 ? cairo_set_source_rgb(cr, 1, 1, 1) : cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_set_line_width(cr, 0.5 * pt);
    cairo_stroke(cr);
  }
  cairo_set_font_size(cr, 7 * pt);
  cairo_move_to(cr, sx + spx + 5 * pt, sy + 1 * pt);
  const std::string len_txt =
      len >= 1000 ? fmt::format("{:g} km", len / 1000) : fmt::format("{:g} m", len);
  cairo_show_text(cr, len_txt.c_str());
  // North arrow.
  const double nx = mx0 + mw - 22 * pt, ny = my0 + 14 * pt;
  cairo_move_to(cr, nx, ny);
  cairo_line_to(cr, nx - 7 * pt, ny + 20 * pt);
  cairo_line_to(cr, nx, ny + 15 * pt);
  cairo_line_to(cr, nx + 7 * pt, ny + 20 * pt);
  cairo_close_path(cr);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  cairo_fill(cr);
  label(cr, nx, ny + 29 * pt, "N", 9 * pt, true);

  // Legend.
  double lx = W - legend_w - margin / 2 + 6 * pt, ly = my0 + 6 * pt;
  for (std::size_t idx : draw_order(layers)) {
    const MapLayer& m = layers[idx];
    if (ly > H - 20 * pt) break;
    cairo_set_source_rgb(cr, 0.08, 0.08, 0.08);
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
    cairo_set_font_size(cr, 8 * pt);
    cairo_move_to(cr, lx, ly + 8 * pt);
    const std::string title = m.style.title.empty() ? m.title : m.style.title;
    cairo_show_text(
        cr, (m.style.kind == StyleKind::Graduated ? title + ": " + m.style.field : title).c_str());
    ly += 12 * pt;
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 7 * pt);
    for (const auto& c : m.style.classes) {
      if (ly > H - 12 * pt) break;
      cairo_rectangle(cr, lx, ly, 14 * pt, 9 * pt);
      set(cr, c.color.a ? c.color : Rgba{255, 255, 255});
      cairo_fill_preserve(cr);
      cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
      cairo_set_line_width(cr, 0.5 * pt);
      cairo_stroke(cr);
      cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
      cairo_move_to(cr, lx + 19 * pt, ly + 7.5 * pt);
      cairo_show_text(cr, c.label.c_str());
      ly += 12 * pt;
    }
    if (!m.style.withheld_label.empty()) {  // values withheld for publication
      cairo_rectangle(cr, lx, ly, 14 * pt, 9 * pt);
      cairo_set_source_rgb(cr, 200 / 255.0, 200 / 255.0, 200 / 255.0);
      cairo_fill(cr);
      cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
      cairo_move_to(cr, lx + 19 * pt, ly + 7.5 * pt);
      cairo_show_text(cr, m.style.withheld_label.c_str());
      ly += 12 * pt;
    }
    ly += 5 * pt;
  }

  // Charts (hotspot chart) in the lower left, side by side, each a quarter of the width.
  double cx = 10 * pt;
  for (const auto& chart : opt.charts) {
    CairoSurfacePtr img(cairo_image_surface_create_from_png(chart.c_str()));
    if (cairo_surface_status(img.get()) != CAIRO_STATUS_SUCCESS)
      throw Error(ErrorCode::InputMissing, "cannot read the chart PNG", {chart.string()},
                  "give a PNG written by hotspot chart");
    const double iw = cairo_image_surface_get_width(img.get()),
                 ih = cairo_image_surface_get_height(img.get());
    const double s = (W / 4) / iw, w = iw * s, h = ih * s;
    if (cx + w > W) break;
    cairo_save(cr);
    cairo_rectangle(cr, cx - 2, H - h - 10 * pt - 2, w + 4, h + 4);
    cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
    cairo_translate(cr, cx, H - h - 10 * pt);
    cairo_scale(cr, s, s);
    cairo_set_source_surface(cr, img.get(), 0, 0);
    cairo_paint(cr);
    cairo_restore(cr);
    cx += w + 10 * pt;
  }

  cairo_surface_flush(surf.get());
  AtomicFile f(png);
  if (cairo_surface_write_to_png(surf.get(), f.temp_path().c_str()) != CAIRO_STATUS_SUCCESS)
    throw Error(ErrorCode::Output, "cannot write the PNG", {png.string()},
                "check the folder exists and is writable");
  f.commit();
}

}  // namespace hotspot::mapping
