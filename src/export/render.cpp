#include "hotspot/export/render.hpp"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>

#include <algorithm>
#include <array>
#include <optional>
#include <cmath>
#include <functional>
#include <memory>

#include <fmt/format.h>

#include "hotspot/core/atomic_file.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/values.hpp"
#include "hotspot/export/cairo_handles.hpp"
#include "hotspot/step/step.hpp"

namespace hotspot::mapping {

namespace fs = std::filesystem;

namespace {

constexpr const char* kInternalMark = "INTERN - niet publiceren";

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

/// An area layer: counts or rates per polygon (buurten, wijken), not a score.
bool is_area(const MapLayer& m) {
  return !m.raster && m.style.kind == StyleKind::Graduated && m.style.geom == Geom::Polygon &&
         m.style.field != "score";
}

/// The human title, with the period a count or rate covers when the layer has one column per
/// year (n_2018 .. n_2022): "Incidenten per buurt (per km\u00b2, totaal 2018-2022)".
std::string titled(const MapLayer& m, const std::string& lang) {
  std::string t = human_title(m, lang);
  if (m.raster || m.style.kind != StyleKind::Graduated || m.style.field == "score") return t;
  int lo = 0, hi = 0;
  for (const auto& f : m.table.fields)
    if (f.name.size() == 6 && f.name.rfind("n_", 0) == 0 &&
        std::all_of(f.name.begin() + 2, f.name.end(),
                    [](char c) { return c >= '0' && c <= '9'; })) {
      const int y = std::stoi(f.name.substr(2));
      lo = lo ? std::min(lo, y) : y;
      hi = std::max(hi, y);
    }
  if (!lo || t.empty() || t.back() != ')') return t;
  t.pop_back();
  return t + (lang == "en" ? ", total " : ", totaal ") +
         (lo == hi ? std::to_string(lo) : std::to_string(lo) + "-" + std::to_string(hi)) + ")";
}

std::string first_word(const std::string& name) {
  return name.substr(0, name.find('_'));
}

void set(cairo_t* cr, const Rgba& c) {
  cairo_set_source_rgba(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0, c.a / 255.0);
}

/// World (working CRS metres) to page pixels.
struct View {
  double x0 = 0, y0 = 0, scale = 1;  // pixel = fx + (x - x0) * scale, fy - (y - y0) * scale
  double fx = 0, fy = 0;
  double px(double x) const { return fx + (x - x0) * scale; }
  double py(double y) const { return fy - (y - y0) * scale; }
  double wx(double px_) const { return x0 + (px_ - fx) / scale; }
  double wy(double py_) const { return y0 + (fy - py_) / scale; }
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

/// The place of a feature's label and marker: the representative point every step uses (on
/// the surface, unlike the centroid of an L-shaped square or a river bank).
void centre(const OGRGeometry& g, double& x, double& y) {
  const OGRPoint p = step::representative_point(g);
  x = p.getX();
  y = p.getY();
}

void font(cairo_t* cr, double size, bool bold = false) {
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
}

double text_width(cairo_t* cr, const std::string& s) {
  cairo_text_extents_t e;
  cairo_text_extents(cr, s.c_str(), &e);
  return e.x_advance;
}

/// Text with a white halo, its box's top left at (x, y) (box height = font size).
void halo_text(cairo_t* cr, double x, double y, const std::string& s, double size) {
  cairo_font_extents_t fe;
  cairo_font_extents(cr, &fe);
  const double base = y + (size + fe.ascent - fe.descent) / 2;
  cairo_move_to(cr, x, base);
  cairo_text_path(cr, s.c_str());
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_set_line_width(cr, size / 4);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke(cr);
  cairo_move_to(cr, x, base);
  cairo_set_source_rgb(cr, 0.08, 0.08, 0.08);
  cairo_show_text(cr, s.c_str());
}

/// Words wrapped into lines no wider than `width` (the current font).
std::vector<std::string> wrap(cairo_t* cr, const std::string& s, double width) {
  std::vector<std::string> lines;
  std::string line, word;
  auto flush_word = [&] {
    if (word.empty()) return;
    const std::string tried = line.empty() ? word : line + " " + word;
    if (!line.empty() && text_width(cr, tried) > width) {
      lines.push_back(line);
      line = word;
    } else {
      line = tried;
    }
    word.clear();
  };
  for (char c : s) {
    if (c == ' ')
      flush_word();
    else
      word += c;
  }
  flush_word();
  if (!line.empty()) lines.push_back(line);
  return lines;
}

/// The feature's label text, or "" (no label field).
std::string label_of(const MapLayer& m, std::size_t i) {
  if (m.style.label_field.empty()) return {};
  const int li = m.table.field_index(m.style.label_field);
  return li < 0 ? std::string() : value_text(m.table.rows[i][static_cast<std::size_t>(li)]);
}

enum class Mode { Styled, Base, Outline };

void draw_raster(cairo_t* cr, const View& v, const MapLayer& m) {
  const Grid& g = m.grid;
  CairoSurfacePtr img(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, static_cast<int>(g.ncols),
                                                 static_cast<int>(g.nrows)));
  const int stride = cairo_image_surface_get_stride(img.get());
  unsigned char* data = cairo_image_surface_get_data(img.get());
  for (std::int64_t r = 0; r < g.nrows; ++r)
    for (std::int64_t c = 0; c < g.ncols; ++c)
      reinterpret_cast<std::uint32_t*>(data + (g.nrows - 1 - r) * stride)[c] = premultiplied(
          color_for_raster(m.style, m.values[static_cast<std::size_t>(r * g.ncols + c)]), 0.85);
  cairo_surface_mark_dirty(img.get());
  cairo_save(cr);
  cairo_translate(cr, v.px(g.xmin), v.py(g.ymax()));
  cairo_scale(cr, g.cell_m * v.scale, g.cell_m * v.scale);
  cairo_set_source_surface(cr, img.get(), 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
  cairo_paint(cr);
  cairo_restore(cr);
}

/// `teams`: the routes' style, whose team colours ring the stops.
void draw_vector(cairo_t* cr, const View& v, const MapLayer& m, Mode mode, double pt,
                 const LayerStyle* teams = nullptr) {
  const auto& t = m.table;
  const int fi = m.style.field.empty() ? -1 : t.field_index(m.style.field);
  struct Marker {
    double x, y;
    Rgba col;
    bool outline;
  };
  std::vector<Marker> markers;
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
      if (mode == Mode::Base) {
        cairo_set_source_rgb(cr, 0.93, 0.93, 0.92);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_set_line_width(cr, 0.7 * pt);
        cairo_stroke(cr);
        continue;
      }
      if (mode == Mode::Outline) {
        cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
        cairo_set_line_width(cr, 0.9 * pt);
        cairo_stroke(cr);
        continue;
      }
      const bool outline =
          m.style.kind == StyleKind::Places || m.style.kind == StyleKind::HotspotAreas;
      if (col.a == 0 && !outline) {  // not significant: nothing to draw
        cairo_new_path(cr);
        continue;
      }
      OGREnvelope e;
      g.getEnvelope(&e);
      const double area_px =
          (gt == wkbPolygon ? g.toPolygon()->get_Area() : g.toMultiPolygon()->get_Area()) *
          v.scale * v.scale;
      if (std::max(e.MaxX - e.MinX, e.MaxY - e.MinY) * v.scale < 6 * pt ||
          area_px < 36 * pt * pt) {  // small, or a sliver its outline would hide
        // Too small to see at this scale (a square on the municipal map): a marker instead,
        // drawn after the layer's areas so that no neighbour covers it.
        cairo_new_path(cr);
        double x, y;
        centre(g, x, y);
        markers.push_back({v.px(x), v.py(y), col, outline});
        continue;
      }
      set(cr, col);
      cairo_fill_preserve(cr);
      cairo_set_source_rgba(cr, outline ? 0.55 : 0.43, outline ? 0.0 : 0.43, outline ? 0.1 : 0.43,
                            1);
      cairo_set_line_width(cr, outline ? 1.4 * pt : (t.geometries.size() > 300 ? 0.15 : 0.4) * pt);
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
      const bool stop = m.style.kind == StyleKind::Stops;
      cairo_new_path(cr);
      cairo_arc(cr, x, y, (stop ? 6.5 : 5.5) * pt, 0, 2 * M_PI);
      set(cr, col.a ? col : Rgba{255, 255, 255});
      cairo_fill_preserve(cr);
      const int ti = stop && teams ? t.field_index("team") : -1;
      if (ti >= 0) {  // the ring in the team's route colour
        set(cr, color_for(*teams, t.rows[i][static_cast<std::size_t>(ti)]));
        cairo_set_line_width(cr, 2 * pt);
      } else {
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        cairo_set_line_width(cr, 0.8 * pt);
      }
      cairo_stroke(cr);
      if (stop) {  // the visit order inside the marker
        const std::string s = label_of(m, i);
        font(cr, 6 * pt, true);
        cairo_text_extents_t e;
        cairo_text_extents(cr, s.c_str(), &e);
        cairo_move_to(cr, x - e.width / 2 - e.x_bearing, y - e.height / 2 - e.y_bearing);
        cairo_set_source_rgb(cr, 0.05, 0.05, 0.05);
        cairo_show_text(cr, s.c_str());
      }
    }
  }
  for (const Marker& k : markers) {
    cairo_new_path(cr);
    cairo_arc(cr, k.x, k.y, 3.6 * pt, 0, 2 * M_PI);
    if (k.col.a && !k.outline) {
      set(cr, k.col);
      cairo_fill_preserve(cr);
      cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
      cairo_set_line_width(cr, 0.6 * pt);
    } else {
      cairo_set_source_rgb(cr, 0.55, 0.0, 0.1);
      cairo_set_line_width(cr, 1.4 * pt);
    }
    cairo_stroke(cr);
  }
}

struct Anchor {
  double x, y;  // world
  std::string text;
};

/// The labels a theme asks for: the named places (or the labelled main layers), most
/// important first (a scored layer by score).
std::vector<Anchor> anchors_of(const std::vector<MapLayer>& layers, const ThemeSelection& sel) {
  std::vector<Anchor> out;
  std::vector<std::size_t> from;
  for (std::size_t i : sel.main)
    if (!layers[i].style.label_field.empty() && layers[i].style.kind != StyleKind::Stops)
      from.push_back(i);
  if (from.empty()) from = sel.places;
  for (std::size_t li : from) {
    const MapLayer& m = layers[li];
    std::vector<std::pair<double, Anchor>> ranked;
    const int si = m.style.field == "score" ? m.table.field_index("score") : -1;
    for (std::size_t i = 0; i < m.table.geometries.size(); ++i) {
      if (!m.table.geometries[i]) continue;
      Anchor a{0, 0, label_of(m, i)};
      if (a.text.empty()) continue;
      centre(*m.table.geometries[i], a.x, a.y);
      const double key =
          si >= 0 ? -value_number(m.table.rows[i][static_cast<std::size_t>(si)]).value_or(0) : 0;
      ranked.emplace_back(key, a);
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [k, a] : ranked) out.push_back(a);
  }
  return out;
}

std::vector<Box> stop_boxes(const std::vector<MapLayer>& layers, const ThemeSelection& sel,
                            const View& v, double pt) {
  std::vector<Box> out;
  for (std::size_t li : sel.main) {
    const MapLayer& m = layers[li];
    if (m.style.kind != StyleKind::Stops) continue;
    for (const auto& g : m.table.geometries)
      if (g && wkbFlatten(g->getGeometryType()) == wkbPoint) {
        const double x = v.px(g->toPoint()->getX()), y = v.py(g->toPoint()->getY()), r = 7 * pt;
        out.push_back({x - r, y - r, x + r, y + r});
      }
  }
  return out;
}

/// Draw the labels that are placed (leader lines first).
/// A label in lines: a long name (IJsselspoorbrug (spoorbrug IJssellandtong)) in two or more.
std::vector<std::string> label_lines(cairo_t* cr, const std::string& text, double size) {
  font(cr, size);
  const double w = text_width(cr, text);
  if (w <= 14 * size) return {text};
  return wrap(cr, text, std::max(w / 2 + size, 8 * size));
}

void draw_labels(cairo_t* cr, const std::vector<Anchor>& anchors,
                 const std::vector<LabelRequest>& req, const std::vector<LabelPlacement>& pl,
                 const std::vector<std::size_t>& which, double size) {
  font(cr, size);
  for (std::size_t k = 0; k < pl.size(); ++k)
    if (pl[k].placed && pl[k].leader) {
      const Box& b = pl[k].box;
      const double tx = std::clamp(req[k].x, b.x0, b.x1), ty = std::clamp(req[k].y, b.y0, b.y1);
      cairo_move_to(cr, req[k].x, req[k].y);
      cairo_line_to(cr, tx, ty);
      cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
      cairo_set_line_width(cr, size / 12);
      cairo_stroke(cr);
    }
  for (std::size_t k = 0; k < pl.size(); ++k)
    if (pl[k].placed) {
      const auto lines = label_lines(cr, anchors[which[k]].text, size);
      for (std::size_t i = 0; i < lines.size(); ++i)
        halo_text(cr, pl[k].box.x0 + size * 0.1,
                  pl[k].box.y0 + static_cast<double>(i) * size * 1.15, lines[i], size);
    }
}

struct LegendItem {
  enum Kind { Heading, Swatch, Gap } kind;
  Rgba color;
  bool outline;
  std::string text;
};

double item_height(cairo_t* cr, const LegendItem& it, double width, double pt) {
  switch (it.kind) {
    case LegendItem::Heading:
      font(cr, 8 * pt, true);
      return static_cast<double>(wrap(cr, it.text, width).size()) * 10.5 * pt + 2 * pt;
    case LegendItem::Swatch:
      font(cr, 7 * pt);
      return static_cast<double>(
                 std::max<std::size_t>(1, wrap(cr, it.text, width - 19 * pt).size())) *
                 9 * pt +
             3 * pt;
    case LegendItem::Gap:
    default:
      return 6 * pt;
  }
}

/// Where the items go in columns of `max_h` (a layer's block kept together where it fits):
/// the top left of each item, or nothing when they do not fit in `cols` columns.
std::vector<std::pair<int, double>> flow(cairo_t* cr, const std::vector<LegendItem>& items,
                                         double width, double pt, double max_h) {
  std::vector<std::pair<int, double>> at;
  int col = 0;
  double y = 0;
  for (std::size_t k = 0; k < items.size(); ++k) {
    double h = item_height(cr, items[k], width, pt);
    if (items[k].kind == LegendItem::Heading) {  // the block: the heading to the next gap
      double block = 0;
      for (std::size_t j = k; j < items.size() && items[j].kind != LegendItem::Gap; ++j)
        block += item_height(cr, items[j], width, pt);
      if (y > 0 && y + block > max_h && block <= max_h) ++col, y = 0;
    } else if (y > 0 && y + h > max_h) {
      ++col, y = 0;
    }
    if (items[k].kind == LegendItem::Gap && y == 0) h = 0;
    at.emplace_back(col, y);
    y += h;
  }
  return at;
}

/// The height the legend needs in `cols` columns.
double legend_flow_height(cairo_t* cr, const std::vector<LegendItem>& items, double width,
                          double pt, int cols) {
  double total = 0, block = 0, tallest = 0;
  for (const auto& it : items) {
    const double h = item_height(cr, it, width, pt);
    total += h;
    block = it.kind == LegendItem::Gap ? 0 : block + h;
    tallest = std::max(tallest, block);
  }
  for (double h = std::max(total / cols, tallest); h < total + 1; h += 4 * pt) {
    const auto at = flow(cr, items, width, pt, h);
    if (at.empty() || at.back().first < cols) return h;
  }
  return total;
}

void draw_legend(cairo_t* cr, const std::vector<LegendItem>& items, double x0, double y0,
                 double width, double col_step, double max_h, double pt) {
  const auto at = flow(cr, items, width, pt, max_h);
  for (std::size_t k = 0; k < items.size(); ++k) {
    const LegendItem& it = items[k];
    const double x = x0 + at[k].first * col_step;
    double y = y0 + at[k].second;
    if (it.kind == LegendItem::Heading) {
      font(cr, 8 * pt, true);
      cairo_set_source_rgb(cr, 0.08, 0.08, 0.08);
      for (const auto& line : wrap(cr, it.text, width)) {
        cairo_move_to(cr, x, y + 8 * pt);
        cairo_show_text(cr, line.c_str());
        y += 10.5 * pt;
      }
    } else if (it.kind == LegendItem::Swatch) {
      cairo_rectangle(cr, x, y, 14 * pt, 9 * pt);
      if (!it.outline) {
        set(cr, it.color.a ? it.color : Rgba{255, 255, 255});
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
        cairo_set_line_width(cr, 0.5 * pt);
      } else {
        set(cr, it.color);
        cairo_set_line_width(cr, 1.4 * pt);
      }
      cairo_stroke(cr);
      font(cr, 7 * pt);
      cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
      for (const auto& line : wrap(cr, it.text, width - 19 * pt)) {
        cairo_move_to(cr, x + 19 * pt, y + 7.5 * pt);
        cairo_show_text(cr, line.c_str());
        y += 9 * pt;
      }
    }
  }
}

struct Body {
  const std::vector<MapLayer>& layers;
  const ThemeSelection& sel;
  double pt;
  const LayerStyle* teams = nullptr;
};

/// The map's content in a view, clipped to `clip`.
void draw_body(cairo_t* cr, const View& v, const Box& clip, const Body& b) {
  cairo_save(cr);
  cairo_rectangle(cr, clip.x0, clip.y0, clip.x1 - clip.x0, clip.y1 - clip.y0);
  cairo_clip(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  for (std::size_t i : b.sel.base) draw_vector(cr, v, b.layers[i], Mode::Base, b.pt);
  for (auto it = b.sel.main.rbegin(); it != b.sel.main.rend(); ++it) {  // bottom first
    const MapLayer& m = b.layers[*it];
    if (m.raster)
      draw_raster(cr, v, m);
    else if (m.style.kind != StyleKind::Stops && m.style.geom != Geom::Point &&
             m.style.geom != Geom::Line)
      draw_vector(cr, v, m, Mode::Styled, b.pt);
  }
  for (std::size_t i : b.sel.outlines) draw_vector(cr, v, b.layers[i], Mode::Outline, b.pt);
  for (std::size_t i : b.sel.places) draw_vector(cr, v, b.layers[i], Mode::Styled, b.pt);
  for (auto it = b.sel.main.rbegin(); it != b.sel.main.rend(); ++it) {  // lines, then points
    const MapLayer& m = b.layers[*it];
    if (!m.raster && m.style.geom == Geom::Line) draw_vector(cr, v, m, Mode::Styled, b.pt);
  }
  for (auto it = b.sel.main.rbegin(); it != b.sel.main.rend(); ++it) {
    const MapLayer& m = b.layers[*it];
    if (!m.raster && m.style.geom == Geom::Point)
      draw_vector(cr, v, m, Mode::Styled, b.pt, b.teams);
  }
  cairo_restore(cr);
}

/// Label requests for the anchors inside `world` (all when not given), in page pixels.
std::vector<LabelRequest> requests(cairo_t* cr, const std::vector<Anchor>& anchors, const View& v,
                                   double size, double gap,
                                   const std::function<bool(const Anchor&)>& want,
                                   std::vector<std::size_t>& which) {
  std::vector<LabelRequest> out;
  which.clear();
  font(cr, size);
  for (std::size_t k = 0; k < anchors.size(); ++k) {
    if (!want(anchors[k])) continue;
    const auto lines = label_lines(cr, anchors[k].text, size);
    double w = 0;
    for (const auto& l : lines) w = std::max(w, text_width(cr, l));
    out.push_back({v.px(anchors[k].x), v.py(anchors[k].y), w + size * 0.2,
                   size * 1.15 * static_cast<double>(lines.size()), gap});
    which.push_back(k);
  }
  return out;
}

fs::path lower_ext(const fs::path& p) {
  std::string e = p.extension().string();
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
  return e;
}

/// A name for the inset: the district (or area) under its centre, from a "...naam" column.
std::string place_name_at(const std::vector<MapLayer>& layers, const ThemeSelection& sel, double x,
                          double y) {
  std::vector<std::size_t> from = sel.outlines;
  from.insert(from.end(), sel.base.begin(), sel.base.end());
  for (std::size_t i : sel.main)
    if (is_area(layers[i])) from.push_back(i);
  OGRPoint p(x, y);
  for (std::size_t li : from) {
    const Table& t = layers[li].table;
    int ni = -1;
    for (const char* f : {"wijknaam", "buurtnaam", "naam", "name"})
      if ((ni = t.field_index(f)) >= 0) break;
    if (ni < 0) continue;
    for (std::size_t i = 0; i < t.geometries.size(); ++i)
      if (t.geometries[i] && t.geometries[i]->Contains(&p))
        return value_text(t.rows[i][static_cast<std::size_t>(ni)]);
  }
  return {};
}

}  // namespace

std::vector<LabelPlacement> place_labels(const std::vector<LabelRequest>& requests,
                                         const Box& frame, const std::vector<Box>& obstacles) {
  std::vector<LabelPlacement> out(requests.size());
  std::vector<Box> taken = obstacles;
  // Directions in the order cartographers prefer: upper right first.
  const std::array<std::pair<double, double>, 8> dirs{
      {{1, -1}, {1, 0}, {1, 1}, {0, -1}, {0, 1}, {-1, -1}, {-1, 0}, {-1, 1}}};
  for (std::size_t k = 0; k < requests.size(); ++k) {
    const LabelRequest& r = requests[k];
    for (double far : {1.0, 2.6, 4.2, 6.0}) {
      const double d = r.gap * far + (far > 1 ? r.h : 0);
      for (const auto& [dx, dy] : dirs) {
        Box b;
        b.x0 = dx > 0 ? r.x + d : dx < 0 ? r.x - d - r.w : r.x - r.w / 2;
        b.y0 = dy > 0 ? r.y + d * 0.7 : dy < 0 ? r.y - d * 0.7 - r.h : r.y - r.h / 2;
        b.x1 = b.x0 + r.w;
        b.y1 = b.y0 + r.h;
        if (!b.inside(frame)) continue;
        if (std::any_of(taken.begin(), taken.end(), [&](const Box& t) { return t.overlaps(b); }))
          continue;
        out[k] = {true, b, far > 1};
        taken.push_back(b);
        break;
      }
      if (out[k].placed) break;
    }
  }
  return out;
}

std::vector<std::string> themes_of(const std::vector<MapLayer>& layers) {
  std::vector<std::string> out;
  auto add = [&](const std::string& t) {
    if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
  };
  if (std::any_of(layers.begin(), layers.end(), is_area)) add("overview");
  for (const auto& m : layers)
    if (m.raster) add(first_word(m.name));
  for (const auto& m : layers)
    if (m.style.kind == StyleKind::GiClass) add("hotspots:" + m.name);
  for (const auto& m : layers)
    if (m.style.kind == StyleKind::LisaCluster) add("clusters:" + m.name);
  for (const auto& m : layers)
    if (!m.raster && m.style.kind == StyleKind::Graduated && m.style.field == "score") add("score");
  for (const auto& m : layers)
    if (m.style.kind == StyleKind::Routes || m.style.kind == StyleKind::Stops) add("routes");
  return out;
}

ThemeSelection select_theme(const std::vector<MapLayer>& layers, const std::string& theme,
                            const std::string& lang) {
  const bool en = lang == "en";
  ThemeSelection s;
  s.theme = theme;
  const auto colon = theme.find(':');
  const std::string kind = theme.substr(0, colon),
                    filter = colon == std::string::npos ? "" : theme.substr(colon + 1);
  const auto order = draw_order(layers);
  // The neighbourhoods underneath (the busiest area layer named buurt, else the largest), the
  // districts on top of them, the named places.
  std::vector<std::size_t> areas;
  for (std::size_t i : order)
    if (is_area(layers[i])) areas.push_back(i);
  std::optional<std::size_t> base;
  for (std::size_t i : areas)
    if (!base && contains(layers[i].name, "buurt")) base = i;
  for (std::size_t i : areas)
    if (!base || (!contains(layers[*base].name, "buurt") &&
                  layers[i].table.geometries.size() > layers[*base].table.geometries.size()))
      base = i;
  for (std::size_t i : areas)
    if (contains(layers[i].name, "wijk") && (!base || i != *base)) s.outlines.push_back(i);
  for (std::size_t i : order)
    if (layers[i].style.kind == StyleKind::Places) s.places.push_back(i);

  auto pick = [&](const std::function<bool(const MapLayer&)>& f) {
    for (std::size_t i : order)
      if (f(layers[i]) && (filter.empty() || contains(layers[i].name, filter))) s.main.push_back(i);
  };
  bool fit_main = false;
  if (kind == "overview") {
    if (base) s.main.push_back(*base);
    s.heading = base ? (en ? "Overview: " : "Overzicht: ") + titled(layers[*base], lang) : "";
    base.reset();
  } else if (kind == "layers") {
    s.main = order;
    s.outlines.clear();
    s.places.clear();
    base.reset();
    s.heading = {};
  } else if (kind == "hotspots" || kind == "clusters") {
    const StyleKind want = kind == "hotspots" ? StyleKind::GiClass : StyleKind::LisaCluster;
    pick([&](const MapLayer& m) { return m.style.kind == want; });
    if (s.main.size() > 1) {
      std::string names;
      for (std::size_t i : s.main)
        names += (names.empty() ? "" : ", ") + kind + ":" + layers[i].name;
      throw Error(
          ErrorCode::Usage,
          fmt::format("the theme '{}' fits {} layers; a map shows one", theme, s.main.size()),
          {"", "", "theme"}, "choose one of " + names);
    }
  } else if (kind == "score") {
    pick([](const MapLayer& m) {
      return !m.raster && m.style.kind == StyleKind::Graduated && m.style.field == "score";
    });
    fit_main = true;  // the scored places, not the whole municipality
  } else if (kind == "routes") {
    pick([](const MapLayer& m) {
      return m.style.kind == StyleKind::Routes || m.style.kind == StyleKind::Stops;
    });
    fit_main = true;
  } else if (!theme.empty()) {  // a word: the density surfaces and hotspot areas it names
    for (std::size_t i : order)
      if ((layers[i].raster || layers[i].style.kind == StyleKind::HotspotAreas) &&
          contains(layers[i].name, theme))
        s.main.push_back(i);
    if (s.main.empty())
      for (std::size_t i : order)
        if (layers[i].style.kind != StyleKind::Places && contains(layers[i].name, theme) &&
            (!base || i != *base))
          s.main.push_back(i);
  }
  if (s.main.empty()) {
    std::string names;
    for (const auto& t : themes_of(layers)) names += (names.empty() ? "" : ", ") + t;
    throw Error(ErrorCode::Usage,
                fmt::format("the layers given hold nothing for the theme '{}'", theme),
                {"", "", "theme"},
                names.empty() ? "give the layers of the theme" : "choose one of: " + names);
  }
  if (base) s.base.push_back(*base);
  for (std::size_t i : s.main) {  // a layer is drawn once
    s.outlines.erase(std::remove(s.outlines.begin(), s.outlines.end(), i), s.outlines.end());
    s.places.erase(std::remove(s.places.begin(), s.places.end(), i), s.places.end());
  }
  // A labelled main layer (scored places) names the places itself.
  if (std::any_of(s.main.begin(), s.main.end(),
                  [&](std::size_t i) { return layers[i].style.label_field == "name"; }))
    s.places.clear();
  if (s.heading.empty() && kind == "routes") {
    s.heading =
        en ? "Flexteam: routes and stops (visit order)" : "Flexteam: routes en stops (volgorde)";
  } else if (s.heading.empty() && kind != "layers") {
    // The heading names what the theme is about: a surface before its hotspot areas.
    auto rank = [&](std::size_t i) {
      const MapLayer& m = layers[i];
      return m.raster                                                                       ? 0
             : m.style.kind == StyleKind::GiClass || m.style.kind == StyleKind::LisaCluster ? 1
             : m.style.kind == StyleKind::Graduated                                         ? 2
                                                                                            : 3;
    };
    std::size_t best = s.main.front();
    for (std::size_t i : s.main)
      if (rank(i) < rank(best)) best = i;
    s.heading = titled(layers[best], lang);
  }
  // The frame fits the theme over its base (the municipality), or the routes themselves; a
  // surface's grid may reach past the municipality and does not widen the frame.
  s.zoomed = fit_main;
  const bool context = !s.base.empty() || !s.outlines.empty();
  for (std::size_t i : s.main)
    if (fit_main || !(layers[i].raster && context)) s.frame.Merge(extent(layers[i]));
  if (!fit_main) {
    for (std::size_t i : s.base) s.frame.Merge(extent(layers[i]));
    for (std::size_t i : s.outlines) s.frame.Merge(extent(layers[i]));
  }
  if (!s.frame.IsInit())
    for (std::size_t i : s.main) s.frame.Merge(extent(layers[i]));
  return s;
}

fs::path series_file(const fs::path& out, const std::string& theme) {
  std::string t = theme;
  std::replace(t.begin(), t.end(), ':', '_');
  return out.parent_path() / (out.stem().string() + "_" + t + out.extension().string());
}

RenderReport render_map(const std::vector<MapLayer>& layers, const fs::path& out,
                        const RenderOptions& opt) {
  if (opt.width_px < 200 || opt.height_px < 150 || opt.width_px > 20000 || opt.height_px > 20000 ||
      !(opt.dpi >= 36 && opt.dpi <= 1200))
    throw Error(
        ErrorCode::Usage, "the picture size is out of range", {"", "", "width-px"},
        "give --width-px and --height-px between 200 and 20000 and --dpi between 36 and 1200");
  if (opt.lang != "nl" && opt.lang != "en")
    throw Error(ErrorCode::Usage, fmt::format("there is no map language '{}'", opt.lang),
                {"", "", "lang"}, "give --lang nl or --lang en");
  const fs::path ext = lower_ext(out);
  if (ext != ".png" && ext != ".pdf" && ext != ".svg")
    throw Error(ErrorCode::Usage, "a map is written as .png, .pdf or .svg",
                {out.string(), "", "out"},
                "end the file name in .png (picture), .pdf or .svg (print)");
  const ThemeSelection sel = select_theme(layers, opt.theme, opt.lang);
  const bool en = opt.lang == "en";
  OGREnvelope env = sel.frame;
  if (!env.IsInit())
    throw Error(ErrorCode::EmptyInput, "nothing to draw", {}, "give layers with geometries");

  AtomicFile file(out);
  const double W = opt.width_px, H = opt.height_px;
  CairoSurfacePtr surf;
  if (ext == ".png") {
    surf.reset(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, opt.width_px, opt.height_px));
  } else if (ext == ".pdf") {
    surf.reset(
        cairo_pdf_surface_create(file.temp_path().c_str(), W * 72 / opt.dpi, H * 72 / opt.dpi));
    // A run is deterministic: no clock in the file.
    cairo_pdf_surface_set_metadata(surf.get(), CAIRO_PDF_METADATA_CREATE_DATE,
                                   "2000-01-01T00:00:00");
    cairo_pdf_surface_set_metadata(surf.get(), CAIRO_PDF_METADATA_TITLE,
                                   (sel.heading.empty() ? opt.title : sel.heading).c_str());
    cairo_pdf_surface_set_metadata(surf.get(), CAIRO_PDF_METADATA_CREATOR, "hotspot");
  } else {
    surf.reset(
        cairo_svg_surface_create(file.temp_path().c_str(), W * 72 / opt.dpi, H * 72 / opt.dpi));
  }
  if (cairo_surface_status(surf.get()) != CAIRO_STATUS_SUCCESS)
    throw Error(ErrorCode::Output, "cannot start the map file", {out.string()},
                "check that the folder exists and is writable");
  CairoPtr crp(cairo_create(surf.get()));
  cairo_t* cr = crp.get();
  if (ext != ".png") cairo_scale(cr, 72 / opt.dpi, 72 / opt.dpi);  // draw in pixels
  const double pt = opt.dpi / 72.0;                                // pixels per typographic point
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);

  // The legend: each styled layer under its human title, then the places and the boundaries.
  std::vector<LegendItem> legend;
  for (std::size_t li : sel.main) {
    const MapLayer& m = layers[li];
    legend.push_back({LegendItem::Heading, {}, false, titled(m, opt.lang)});
    if (m.style.kind == StyleKind::Stops) {
      legend.push_back({LegendItem::Swatch, {255, 255, 255}, false, m.style.classes.front().label});
    } else if (m.style.kind == StyleKind::HotspotAreas) {
      legend.push_back({LegendItem::Swatch, {189, 0, 38}, true, m.style.classes.front().label});
    } else {
      for (const auto& c : m.style.classes)  // a transparent class shows what lies beneath
        legend.push_back({LegendItem::Swatch,
                          c.color.a == 0 && !sel.base.empty() ? Rgba{237, 237, 235} : c.color,
                          false, c.label});
    }
    if (!m.style.withheld_label.empty())
      legend.push_back({LegendItem::Swatch, {200, 200, 200}, false, m.style.withheld_label});
    legend.push_back({LegendItem::Gap, {}, false, {}});
  }
  if (!sel.places.empty())
    legend.push_back(
        {LegendItem::Swatch, {140, 0, 26}, true, en ? "named place" : "benoemde locatie"});
  if (!sel.outlines.empty())
    legend.push_back(
        {LegendItem::Swatch, {89, 89, 89}, true, en ? "district boundary" : "wijkgrens"});
  if (!sel.base.empty())
    legend.push_back({LegendItem::Swatch, {237, 237, 235}, false, en ? "neighbourhood" : "buurt"});

  // Layout: heading on top, the frame fitted to the data, the legend beside it or (for a wide
  // area) under it, whichever gives the larger map; the source line under the frame.
  const double margin = 10 * pt, head_h = 38 * pt, foot_h = 16 * pt;
  const double legend_w = std::min(W * 0.3, 200 * pt);
  const double pad = (sel.theme == "routes" || sel.theme == "score" ? 0.08 : 0.03) *
                         std::max(env.MaxX - env.MinX, env.MaxY - env.MinY) +
                     1;
  env.MinX -= pad;
  env.MinY -= pad;
  env.MaxX += pad;
  env.MaxY += pad;
  const double ew = env.MaxX - env.MinX, eh = env.MaxY - env.MinY;
  const double ah = H - head_h - foot_h - margin;
  const double scale_right = std::min((W - legend_w - 3 * margin) / ew, ah / eh);
  const int below_cols = std::max(1, static_cast<int>((W - 2 * margin) / legend_w));
  const double below_h = legend_flow_height(cr, legend, legend_w - margin, pt, below_cols);
  const double scale_below = std::min((W - 2 * margin) / ew, (ah - below_h - margin) / eh);
  const bool legend_below = scale_below > scale_right * 1.05;
  const double scale = legend_below ? scale_below : scale_right;
  const double fw = ew * scale, fh = eh * scale;
  const Box frame{margin, head_h, margin + fw, head_h + fh};
  const View v{env.MinX, env.MinY, scale, frame.x0, frame.y1};
  const LayerStyle* teams = nullptr;
  for (std::size_t i : sel.main)
    if (layers[i].style.kind == StyleKind::Routes) teams = &layers[i].style;
  const Body body{layers, sel, pt, teams};

  // Fixed furniture inside the frame: scale bar (lower left), north arrow (upper right).
  const double target = (fw / scale) / 5;
  const double p10 = std::pow(10, std::floor(std::log10(target)));
  double len = p10;
  for (double f : {1.0, 2.0, 5.0, 10.0})
    if (f * p10 <= target) len = f * p10;
  const double spx = len * scale;
  const Box scalebar{frame.x0 + 6 * pt, frame.y1 - 24 * pt, frame.x0 + 12 * pt + spx + 46 * pt,
                     frame.y1 - 2 * pt};
  const Box arrow{frame.x1 - 34 * pt, frame.y0 + 4 * pt, frame.x1 - 10 * pt, frame.y0 + 50 * pt};
  std::vector<Box> furniture{scalebar, arrow};
  double chart_x = frame.x0 + 4 * pt;
  struct Chart {
    CairoSurfacePtr img;
    Box box;
    double s;
  };
  std::vector<Chart> charts;
  for (const auto& chart : opt.charts) {
    CairoSurfacePtr img(cairo_image_surface_create_from_png(chart.c_str()));
    if (cairo_surface_status(img.get()) != CAIRO_STATUS_SUCCESS)
      throw Error(ErrorCode::InputMissing, "cannot read the chart PNG", {chart.string()},
                  "give a PNG written by hotspot chart");
    const double iw = cairo_image_surface_get_width(img.get()),
                 ih = cairo_image_surface_get_height(img.get());
    const double s = (fw / 4) / iw, w = iw * s, h = ih * s;
    if (chart_x + w > frame.x1) break;
    const Box b{chart_x, scalebar.y0 - 4 * pt - h, chart_x + w, scalebar.y0 - 4 * pt};
    furniture.push_back(b);
    charts.push_back({std::move(img), b, s});
    chart_x += w + 6 * pt;
  }

  // Labels: try them all; where some do not fit and they crowd in one spot, that spot gets an
  // inset at a larger scale and its labels go there.
  const double label_pt = 7.5 * pt, gap = 3.5 * pt;
  std::vector<Anchor> anchors = anchors_of(layers, sel);
  anchors.erase(std::remove_if(anchors.begin(), anchors.end(),
                               [&](const Anchor& a) {  // only what lies in the frame
                                 return a.x < env.MinX || a.x > env.MaxX || a.y < env.MinY ||
                                        a.y > env.MaxY;
                               }),
                anchors.end());
  std::vector<Box> obstacles = furniture;
  const auto stops = stop_boxes(layers, sel, v, pt);
  obstacles.insert(obstacles.end(), stops.begin(), stops.end());
  std::vector<std::size_t> which;
  auto all = [](const Anchor&) { return true; };
  std::vector<LabelRequest> req = requests(cr, anchors, v, label_pt, gap, all, which);
  std::vector<LabelPlacement> pl = place_labels(req, frame, obstacles);
  const bool crowded = std::any_of(pl.begin(), pl.end(), [](const auto& p) { return !p.placed; });

  // An inset: a window around the densest labels, at `zoom` times the map's scale, in the
  // corner it hides least of; the main map leaves the window's labels to it.
  struct Inset {
    OGREnvelope window;  // world
    Box panel;           // page
    View view;
    std::string name, caption;
    Box cap;
    std::vector<LabelRequest> req;  // the inset's labels
    std::vector<LabelPlacement> pl;
    std::vector<std::size_t> which;
    std::vector<LabelRequest> main_req;  // the main map's, without the window's
    std::vector<LabelPlacement> main_pl;
    std::vector<std::size_t> main_which;
    std::size_t dropped = 0;
  };
  auto plan_inset = [&](double zoom) -> std::optional<Inset> {
    const double side_px = 0.42 * std::min(fw, fh);
    const double side_w = side_px / (zoom * scale);
    std::size_t best_n = 0;
    OGREnvelope best;
    for (const auto& a : anchors) {
      OGREnvelope e;
      std::size_t n = 0;
      for (const auto& b : anchors)
        if (std::abs(b.x - a.x) <= side_w / 2 && std::abs(b.y - a.y) <= side_w / 2) {
          OGREnvelope pe;
          pe.MinX = pe.MaxX = b.x;
          pe.MinY = pe.MaxY = b.y;
          e.Merge(pe);
          ++n;
        }
      if (n > best_n) best_n = n, best = e;
    }
    if (best_n < 3) return std::nullopt;
    Inset in;
    const double cx = (best.MinX + best.MaxX) / 2, cy = (best.MinY + best.MaxY) / 2;
    OGREnvelope& w = in.window;
    w.MinX = cx - side_w / 2;
    w.MaxX = cx + side_w / 2;
    w.MinY = cy - side_w / 2;
    w.MaxY = cy + side_w / 2;
    const Box wbox{v.px(w.MinX), v.py(w.MaxY), v.px(w.MaxX), v.py(w.MinY)};
    // The corner the panel hides least of: what the theme draws there, the labels, the
    // furniture and the window itself.
    const double m6 = 6 * pt;
    const std::array<Box, 4> corners{
        {{frame.x1 - m6 - side_px, frame.y1 - m6 - side_px, frame.x1 - m6, frame.y1 - m6},
         {frame.x0 + m6, frame.y0 + m6, frame.x0 + m6 + side_px, frame.y0 + m6 + side_px},
         {frame.x1 - m6 - side_px, frame.y0 + m6, frame.x1 - m6, frame.y0 + m6 + side_px},
         {frame.x0 + m6, frame.y1 - m6 - side_px, frame.x0 + m6 + side_px, frame.y1 - m6}}};
    double best_cost = 1e300;
    for (const Box& c : corners) {
      double cost = c.overlaps(wbox) ? 1e9 : 0;
      for (const Box& f : furniture)
        if (c.overlaps(f)) cost += 1e6;
      for (const auto& a : anchors)
        if (c.overlaps({v.px(a.x) - 1, v.py(a.y) - 1, v.px(a.x) + 1, v.py(a.y) + 1})) cost += 50;
      for (std::size_t li : sel.main) {
        const MapLayer& m = layers[li];
        if (m.raster) {  // sampled cells that are coloured
          for (int sy = 0; sy < 16; ++sy)
            for (int sx = 0; sx < 16; ++sx) {
              const double wx = v.wx(c.x0 + (sx + 0.5) * (c.x1 - c.x0) / 16),
                           wy = v.wy(c.y0 + (sy + 0.5) * (c.y1 - c.y0) / 16);
              if (const auto cell = m.grid.cell_of(wx, wy))
                if (color_for_raster(m.style, m.values[static_cast<std::size_t>(*cell)]).a > 0)
                  cost += 1;
            }
          continue;
        }
        const int fi = m.style.field.empty() ? -1 : m.table.field_index(m.style.field);
        for (std::size_t i = 0; i < m.table.geometries.size(); ++i) {
          if (!m.table.geometries[i]) continue;
          if (fi >= 0 && color_for(m.style, m.table.rows[i][static_cast<std::size_t>(fi)]).a == 0)
            continue;
          double x, y;
          centre(*m.table.geometries[i], x, y);
          if (c.overlaps({v.px(x) - 1, v.py(y) - 1, v.px(x) + 1, v.py(y) + 1})) cost += 4;
        }
      }
      if (cost < best_cost) best_cost = cost, in.panel = c;
    }
    if (best_cost >= 1e6) return std::nullopt;
    in.view = View{w.MinX, w.MinY, side_px / side_w, in.panel.x0, in.panel.y1};
    auto in_window = [&](const Anchor& a) {
      return a.x >= w.MinX && a.x <= w.MaxX && a.y >= w.MinY && a.y <= w.MaxY;
    };
    std::vector<Box> mobs = obstacles;
    mobs.push_back(in.panel);
    const double e2 = 1.5 * pt;  // the window's frame stays readable
    for (const Box& edge : {Box{wbox.x0 - e2, wbox.y0 - e2, wbox.x1 + e2, wbox.y0 + e2},
                            Box{wbox.x0 - e2, wbox.y1 - e2, wbox.x1 + e2, wbox.y1 + e2},
                            Box{wbox.x0 - e2, wbox.y0 - e2, wbox.x0 + e2, wbox.y1 + e2},
                            Box{wbox.x1 - e2, wbox.y0 - e2, wbox.x1 + e2, wbox.y1 + e2}})
      mobs.push_back(edge);
    in.main_req = requests(
        cr, anchors, v, label_pt, gap, [&](const Anchor& a) { return !in_window(a); },
        in.main_which);
    in.main_pl = place_labels(in.main_req, frame, mobs);
    in.req = requests(cr, anchors, in.view, label_pt, gap, in_window, in.which);
    in.name = place_name_at(layers, sel, cx, cy);
    in.caption = (en ? "Inset" : "Inzet") + (in.name.empty() ? std::string() : ": " + in.name);
    font(cr, 7 * pt, true);
    const Box& p = in.panel;
    in.cap = {p.x0, p.y0, p.x0 + text_width(cr, in.caption) + 8 * pt, p.y0 + 12 * pt};
    const auto istops = stop_boxes(layers, sel, in.view, pt);
    std::vector<Box> iobs{in.cap};
    iobs.insert(iobs.end(), istops.begin(), istops.end());
    in.pl = place_labels(in.req, p, iobs);
    for (const auto& x : in.main_pl) in.dropped += !x.placed;
    for (const auto& x : in.pl) in.dropped += !x.placed;
    return in;
  };
  std::optional<Inset> inset;
  // A map of the whole area gets an inset of its centre where the labels cluster (and any map
  // whose labels do not all fit), unless the inset would show fewer of them.
  if (opt.inset && (crowded || !sel.zoomed) && anchors.size() >= 3) {
    std::size_t main_dropped = 0;
    for (const auto& x : pl) main_dropped += !x.placed;
    for (double zoom : {3.0, 4.0, 5.0, 2.5}) {  // the first that shows every label, else the best
      auto in = plan_inset(zoom);
      if (in && in->dropped <= main_dropped && (!inset || in->dropped < inset->dropped))
        inset = std::move(in);
      if (inset && inset->dropped == 0) break;
    }
    if (inset) {
      req = inset->main_req;
      pl = inset->main_pl;
      which = inset->main_which;
    }
  }

  draw_body(cr, v, frame, body);
  if (inset) {  // the window on the main map
    const OGREnvelope& w = inset->window;
    cairo_rectangle(cr, v.px(w.MinX), v.py(w.MaxY), (w.MaxX - w.MinX) * scale,
                    (w.MaxY - w.MinY) * scale);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_set_line_width(cr, 1.2 * pt);
    cairo_stroke(cr);
  }
  cairo_save(cr);
  cairo_rectangle(cr, frame.x0, frame.y0, fw, fh);
  cairo_clip(cr);
  draw_labels(cr, anchors, req, pl, which, label_pt);
  cairo_restore(cr);

  std::size_t inset_placed = 0;
  std::string inset_caption;
  if (inset) {
    const Box& p = inset->panel;
    draw_body(cr, inset->view, p, body);
    for (const auto& x : inset->pl) inset_placed += x.placed;
    inset_caption = inset->name.empty() ? inset->caption : inset->name;
    cairo_save(cr);
    cairo_rectangle(cr, p.x0, p.y0, p.x1 - p.x0, p.y1 - p.y0);
    cairo_clip(cr);
    draw_labels(cr, anchors, inset->req, inset->pl, inset->which, label_pt);
    const Box& cap = inset->cap;
    cairo_rectangle(cr, cap.x0, cap.y0, cap.x1 - cap.x0, cap.y1 - cap.y0);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill(cr);
    font(cr, 7 * pt, true);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_move_to(cr, cap.x0 + 4 * pt, cap.y0 + 9 * pt);
    cairo_show_text(cr, inset->caption.c_str());
    cairo_restore(cr);
    cairo_rectangle(cr, p.x0, p.y0, p.x1 - p.x0, p.y1 - p.y0);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_set_line_width(cr, 1.2 * pt);
    cairo_stroke(cr);
  }
  cairo_rectangle(cr, frame.x0, frame.y0, fw, fh);
  cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
  cairo_set_line_width(cr, 1 * pt);
  cairo_stroke(cr);

  // Heading, the run's title and the data date.
  cairo_set_source_rgb(cr, 0.08, 0.08, 0.08);
  font(cr, 14 * pt, true);
  cairo_move_to(cr, margin, 18 * pt);
  cairo_show_text(cr, (sel.heading.empty() ? opt.title : sel.heading).c_str());
  font(cr, 8.5 * pt);
  cairo_move_to(cr, margin, 31 * pt);
  const std::string sub = sel.heading.empty()     ? opt.data_date
                          : opt.data_date.empty() ? opt.title
                                                  : opt.title + "  \u00b7  " + opt.data_date;
  cairo_show_text(cr, sub.c_str());
  if (opt.internal) {  // exact values: the map says it is not for publication
    cairo_set_source_rgb(cr, 0.75, 0.05, 0.05);
    font(cr, 10 * pt, true);
    cairo_move_to(cr, W - margin - text_width(cr, kInternalMark), 18 * pt);
    cairo_show_text(cr, kInternalMark);
  }
  // Footer: the source line, the data date and the CRS.
  font(cr, 7 * pt);
  cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
  cairo_move_to(cr, margin, frame.y1 + 11 * pt);
  std::string foot = opt.source_line;
  for (const std::string& part : {opt.data_date, opt.crs_label})
    if (!part.empty()) foot += (foot.empty() ? "" : "  \u00b7  ") + part;
  cairo_show_text(cr, foot.c_str());

  // Scale bar.
  cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
  cairo_rectangle(cr, scalebar.x0, scalebar.y0, scalebar.x1 - scalebar.x0,
                  scalebar.y1 - scalebar.y0);
  cairo_fill(cr);
  const double sx = scalebar.x0 + 6 * pt, sy = scalebar.y1 - 9 * pt;
  for (int k = 0; k < 4; ++k) {
    cairo_rectangle(cr, sx + k * spx / 4, sy - 3 * pt, spx / 4, 4 * pt);
    k % 2 ? cairo_set_source_rgb(cr, 1, 1, 1) : cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_set_line_width(cr, 0.5 * pt);
    cairo_stroke(cr);
  }
  font(cr, 7 * pt);
  cairo_move_to(cr, sx + spx + 5 * pt, sy + 1 * pt);
  const std::string len_txt =
      len >= 1000 ? fmt::format("{:g} km", len / 1000) : fmt::format("{:g} m", len);
  cairo_show_text(cr, len_txt.c_str());
  // North arrow (the working CRS's grid north).
  const double nx = (arrow.x0 + arrow.x1) / 2, ny = arrow.y0 + 4 * pt;
  cairo_move_to(cr, nx, ny);
  cairo_line_to(cr, nx - 7 * pt, ny + 20 * pt);
  cairo_line_to(cr, nx, ny + 15 * pt);
  cairo_line_to(cr, nx + 7 * pt, ny + 20 * pt);
  cairo_close_path(cr);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  cairo_fill(cr);
  font(cr, 9 * pt, true);
  halo_text(cr, nx - text_width(cr, "N") / 2, ny + 23 * pt, "N", 9 * pt);

  // Charts.
  for (const auto& c : charts) {
    cairo_save(cr);
    cairo_rectangle(cr, c.box.x0 - 2, c.box.y0 - 2, c.box.x1 - c.box.x0 + 4,
                    c.box.y1 - c.box.y0 + 4);
    cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
    cairo_translate(cr, c.box.x0, c.box.y0);
    cairo_scale(cr, c.s, c.s);
    cairo_set_source_surface(cr, c.img.get(), 0, 0);
    cairo_paint(cr);
    cairo_restore(cr);
  }

  // Legend.
  if (legend_below)
    draw_legend(cr, legend, frame.x0, frame.y1 + foot_h + 2 * pt, legend_w - margin, legend_w,
                below_h, pt);
  else
    draw_legend(cr, legend, frame.x1 + margin, frame.y0 + 2 * pt, W - frame.x1 - 2 * margin,
                legend_w, H - frame.y0 - margin, pt);

  cairo_surface_flush(surf.get());
  if (ext == ".png") {
    if (cairo_surface_write_to_png(surf.get(), file.temp_path().c_str()) != CAIRO_STATUS_SUCCESS)
      throw Error(ErrorCode::Output, "cannot write the PNG", {out.string()},
                  "check the folder exists and is writable and the disk has room");
  } else {
    crp.reset();
    cairo_surface_finish(surf.get());
    if (cairo_surface_status(surf.get()) != CAIRO_STATUS_SUCCESS)
      throw Error(ErrorCode::Output, "cannot write the map", {out.string()},
                  "check the folder exists and is writable and the disk has room");
  }
  surf.reset();
  file.commit();
  RenderReport rep;
  rep.file = out;
  rep.theme = sel.theme;
  rep.heading = sel.heading;
  rep.labels = anchors.size();
  rep.legend_below = legend_below;
  rep.x0 = v.x0;
  rep.y0 = v.y0;
  rep.scale = v.scale;
  rep.fx = v.fx;
  rep.fy = v.fy;
  for (const auto& p : pl)
    if (p.placed) ++rep.on_map, rep.leaders += p.leader;
  rep.in_inset = inset_placed;
  rep.inset = inset_caption;
  rep.dropped = rep.labels - rep.on_map - rep.in_inset;
  return rep;
}

std::string describe(const RenderReport& r) {
  std::string s =
      fmt::format("{}: {} label(s), {} on the map", r.file.filename().string(), r.labels, r.on_map);
  if (r.leaders) s += fmt::format(" ({} with a leader line)", r.leaders);
  if (!r.inset.empty()) s += fmt::format(", {} in the inset ({})", r.in_inset, r.inset);
  return s + fmt::format(", {} dropped", r.dropped);
}

std::vector<RenderReport> render_series(const std::vector<MapLayer>& layers, const fs::path& out,
                                        const RenderOptions& opt) {
  std::vector<RenderReport> files;
  for (const auto& t : themes_of(layers)) {
    RenderOptions o = opt;
    o.theme = t;
    files.push_back(render_map(layers, series_file(out, t), o));
  }
  if (files.empty())
    throw Error(ErrorCode::EmptyInput, "the layers given hold no theme for a map series", {},
                "give result layers: counts, density, statistics, scores or routes");
  return files;
}

}  // namespace hotspot::mapping
