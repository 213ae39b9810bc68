#pragma once
// Map styles (stage `export.style`), one model for the QGIS styles (QML in the GeoPackage's
// layer_styles table and in the .qgs project) and for the PNG renderer. The style follows
// what a layer holds: gi_class -> the seven Gi* classes; lisa_cluster -> the LISA colours;
// n_incidents or a rate -> graduated colours; name + kind -> named places with labels;
// lines with `team` -> routes; points with `seq` -> numbered stops; a raster -> a
// pseudocolour ramp with transparent low values.
// (Namespace `mapping`: `export` is a C++ keyword.)
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "hotspot/geom/table.hpp"

namespace hotspot::mapping {

struct Rgba {
  std::uint8_t r, g, b, a = 255;
  std::string qgis() const;  ///< "r,g,b,a"
  std::string hex() const;   ///< "#rrggbb"
};

enum class StyleKind {
  Graduated,
  GiClass,
  LisaCluster,
  Places,
  HotspotAreas,
  Routes,
  Stops,
  Raster,
  Plain
};
enum class Geom { Point, Line, Polygon, Raster, None };

struct StyleClass {
  std::string value;            ///< categorized: the attribute value
  double lower = 0, upper = 0;  ///< graduated / raster
  std::string label;
  Rgba color;
};

struct LayerStyle {
  StyleKind kind = StyleKind::Plain;
  Geom geom = Geom::Polygon;
  std::string field;        ///< attribute the style is on
  std::string label_field;  ///< labels ("" = none)
  std::vector<StyleClass> classes;
  std::string title;  ///< for legends
  /// Legend entry of the values withheld for publication ("" when the field has none): drawn
  /// grey, in QGIS through coalesce(field, -1) and a class of its own.
  std::string withheld_label;
};

inline constexpr const char* kWithheldLabel = "niet gepubliceerd (klein aantal)";

Geom geom_of(const Table& t);
/// Choose the style for a vector layer from what it holds.
LayerStyle style_for(const Table& t, const std::string& title, const std::string& lang = "nl");
/// Pseudocolour ramp over the raster's positive values (round breaks near quantiles), lowest
/// transparent.
LayerStyle raster_style(const std::vector<double>& values, const std::string& title,
                        const std::string& unit, const std::string& lang = "nl");
/// Round class breaks (1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5 x 10^k) near the quantiles of the finite
/// values: from 0 (or a round number below a negative minimum) up to the maximum, at most
/// `classes` classes, strictly increasing; {} when there are no values.
std::vector<double> round_breaks(std::vector<double> values, int classes);
/// The legend entry of withheld values in `lang` (nl | en).
std::string withheld_label(const std::string& lang);
/// Colour of a value under a style (for the renderer); transparent when no class matches.
Rgba color_for(const LayerStyle& s, const Value& v);
Rgba color_for_raster(const LayerStyle& s, double v);
/// A colour as a premultiplied ARGB32 pixel (cairo's image format) at `opacity` (0..1).
std::uint32_t premultiplied(const Rgba& c, double opacity = 1.0);

/// A legend title a reader understands, from what the layer holds and its name: "Incidenten per
/// buurt (per km2)", "Hot spots jeugdoverlast (Gi*)", "Flexteam: routes" ... (`lang` nl | en).
/// `name` is the stage or file name (overlast_gistar), `field` the styled column.
std::string human_title(StyleKind kind, Geom geom, const std::string& name,
                        const std::string& field, const std::string& lang);

/// The QGIS style document (QML) of a layer.
std::string qml(const LayerStyle& s);
/// The renderer/labeling part only (for embedding in a .qgs <maplayer>).
std::string qml_body(const LayerStyle& s);

}  // namespace hotspot::mapping
