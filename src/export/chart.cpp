#include "hotspot/export/chart.hpp"

#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include <fmt/format.h>

#include "hotspot/core/atomic_file.hpp"
#include "hotspot/export/cairo_handles.hpp"
#include "hotspot/core/error.hpp"

namespace hotspot::mapping {

namespace {
// Okabe & Ito (2008), "Color Universal Design".
constexpr double kPalette[][3] = {{0.90, 0.62, 0.00}, {0.34, 0.71, 0.91}, {0.00, 0.62, 0.45},
                                  {0.94, 0.89, 0.26}, {0.00, 0.45, 0.70}, {0.84, 0.37, 0.00},
                                  {0.80, 0.47, 0.65}, {0.0, 0.0, 0.0}};

void text(cairo_t* cr, double x, double y, const std::string& s, double size, double align_x,
          double align_y, bool bold = false) {
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
  cairo_text_extents_t e;
  cairo_text_extents(cr, s.c_str(), &e);
  cairo_move_to(cr, x - e.width * align_x - e.x_bearing, y - e.height * align_y - e.y_bearing);
  cairo_show_text(cr, s.c_str());
}

std::string number(double v) {
  if (v >= 1000) {  // 1.000 as Dutch readers write thousands
    std::string s = fmt::format("{:.0f}", v);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3)
      s.insert(static_cast<std::size_t>(i), ".");
    return s;
  }
  return v == std::floor(v) ? fmt::format("{:.0f}", v) : fmt::format("{:g}", v);
}
}  // namespace

std::vector<double> round_breaks(double max) {
  if (!(max > 0)) max = 1;
  const double raw = max / 5, p = std::pow(10.0, std::floor(std::log10(raw)));
  double step = p;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= raw) {
      step = m * p;
      break;
    }
  std::vector<double> b;
  for (double v = 0; v < max + step * 0.999; v += step) b.push_back(v);
  if (b.back() < max) b.push_back(b.back() + step);
  return b;
}

void write_chart_png(const Chart& c, const std::filesystem::path& png) {
  if (c.x_labels.empty() || c.series.empty())
    throw Error(ErrorCode::Usage, "a chart needs periods and at least one series", {png.string()},
                "check the filters and the period");
  const double W = c.width_px, H = c.height_px;
  CairoSurfacePtr surf(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, c.width_px, c.height_px));
  CairoPtr crp(cairo_create(surf.get()));
  cairo_t* cr = crp.get();
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  // The legend beside the plot is as wide as its longest name (within reason).
  double legend_w = 0;
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, 15);
  for (const auto& s : c.series) {
    cairo_text_extents_t e;
    cairo_text_extents(cr, s.name.c_str(), &e);
    legend_w = std::max(legend_w, e.x_advance);
  }
  const double left = 90, right = std::clamp(legend_w + 110, 200.0, 0.45 * W), top = 80,
               bottom = 110;
  const double pw = W - left - right, ph = H - top - bottom;
  double vmax = 0;
  for (const auto& s : c.series)
    for (double v : s.values)
      if (std::isfinite(v)) vmax = std::max(vmax, v);
  const auto breaks = round_breaks(vmax);
  const double ymax = breaks.back();
  auto X = [&](std::size_t i) {
    return c.x_labels.size() == 1
               ? left + pw / 2
               : left + pw * static_cast<double>(i) / static_cast<double>(c.x_labels.size() - 1);
  };
  auto Y = [&](double v) { return top + ph * (1 - v / ymax); };
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  text(cr, left, 40, c.title, 26, 0, 0.5, true);
  // Grid lines and y labels.
  cairo_set_line_width(cr, 1);
  for (double b : breaks) {
    cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
    cairo_move_to(cr, left, Y(b));
    cairo_line_to(cr, left + pw, Y(b));
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    text(cr, left - 10, Y(b), number(b), 15, 1, 0.5);
  }
  // X labels: every label when they fit, else every k-th.
  const std::size_t every =
      std::max<std::size_t>(1, c.x_labels.size() / 12 + (c.x_labels.size() % 12 ? 1 : 0));
  for (std::size_t i = 0; i < c.x_labels.size(); i += every)
    text(cr, X(i), top + ph + 22, c.x_labels[i], 15, 0.5, 0.5);
  cairo_save(cr);
  cairo_translate(cr, 28, top + ph / 2);
  cairo_rotate(cr, -M_PI / 2);
  text(cr, 0, 0, c.y_label, 16, 0.5, 0.5);
  cairo_restore(cr);
  // Lines, then the legend beside the plot.
  for (std::size_t s = 0; s < c.series.size(); ++s) {
    const auto* col = kPalette[s % 8];
    cairo_set_source_rgb(cr, col[0], col[1], col[2]);
    cairo_set_line_width(cr, 3);
    if (s >= 8) {  // after eight colours: dashed lines in the same colours
      const double dash[] = {8, 5};
      cairo_set_dash(cr, dash, 2, 0);
    }
    const auto& v = c.series[s].values;
    bool drawing = false;
    for (std::size_t i = 0; i < v.size() && i < c.x_labels.size(); ++i) {
      if (!std::isfinite(v[i])) {
        drawing = false;
        continue;
      }
      drawing ? cairo_line_to(cr, X(i), Y(v[i])) : cairo_move_to(cr, X(i), Y(v[i]));
      drawing = true;
    }
    cairo_stroke(cr);
    for (std::size_t i = 0; i < v.size() && i < c.x_labels.size(); ++i)
      if (std::isfinite(v[i])) {
        cairo_arc(cr, X(i), Y(v[i]), 4, 0, 2 * M_PI);
        cairo_fill(cr);
      }
    const double ly = top + 10 + 28 * static_cast<double>(s);
    cairo_move_to(cr, left + pw + 30, ly);
    cairo_line_to(cr, left + pw + 60, ly);
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    text(cr, left + pw + 70, ly, c.series[s].name, 15, 0, 0.5);
  }
  cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
  text(cr, left, H - 30, c.source, 13, 0, 0.5);
  cairo_surface_flush(surf.get());
  AtomicFile f(png);
  if (cairo_surface_write_to_png(surf.get(), f.temp_path().c_str()) != CAIRO_STATUS_SUCCESS)
    throw Error(ErrorCode::Output, "cannot write the PNG", {png.string()},
                "check that the folder exists and is writable");
  f.commit();
}

}  // namespace hotspot::mapping
