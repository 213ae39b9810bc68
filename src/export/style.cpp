#include "hotspot/export/style.hpp"

#include "hotspot/core/values.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include <fmt/format.h>

namespace hotspot::mapping {

std::string Rgba::qgis() const {
  return fmt::format("{},{},{},{}", r, g, b, a);
}
std::string Rgba::hex() const {
  return fmt::format("#{:02x}{:02x}{:02x}", r, g, b);
}

namespace {

std::string esc(const std::string& s) {
  return xml_escape(s);
}
std::optional<double> num(const Value& v) {
  return value_number(v);
}
std::string text(const Value& v) {
  return value_text(v);
}

// ColorBrewer YlOrRd, 5 classes (Brewer, Harrower: colorbrewer2.org).
const std::array<Rgba, 5> kYlOrRd{
    {{255, 255, 178}, {254, 204, 92}, {253, 141, 60}, {240, 59, 32}, {189, 0, 38}}};
// ColorBrewer Blues, 5 classes: choropleths, so that a density heat map (YlOrRd) stands out.
const std::array<Rgba, 5> kBlues{
    {{239, 243, 255}, {189, 215, 231}, {107, 174, 214}, {49, 130, 189}, {8, 81, 156}}};

/// A number as a reader writes it: nl "1.250" and "2,5", en "1,250" and "2.5".
std::string fmt_num(double v, bool en) {
  std::string s;
  if (std::abs(v) >= 100 || v == std::floor(v))
    s = fmt::format("{:.0f}", v);
  else if (std::abs(v) >= 1)
    s = fmt::format("{:.1f}", v);
  else
    s = fmt::format("{:.2g}", v);
  const auto dot = s.find('.');
  std::string whole = s.substr(0, dot), frac = dot == std::string::npos ? "" : s.substr(dot + 1);
  std::string grouped;
  const std::size_t digits0 = (!whole.empty() && whole[0] == '-') ? 1 : 0;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > digits0 && (whole.size() - i) % 3 == 0) grouped += en ? ',' : '.';
    grouped += whole[i];
  }
  return frac.empty() ? grouped : grouped + (en ? '.' : ',') + frac;
}

std::string range_label(double lo, double hi, bool top, bool en) {
  if (top) return fmt_num(lo, en) + (en ? " or more" : " en meer");
  return fmt_num(lo, en) + " \u2013 " + fmt_num(hi, en);
}

/// The nearest round number (1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5 times a power of ten) in ratio.
double round_number(double x) {
  if (!(x > 0) || !std::isfinite(x)) return 0;
  const double p10 = std::pow(10, std::floor(std::log10(x)));
  double best = p10, err = 1e300;
  for (double f : {1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.5, 10.0}) {
    const double e = std::abs(std::log(x / (f * p10)));
    if (e < err) err = e, best = f * p10;
  }
  return best;
}

/// The smallest round number (as above) not below x > 0.
double round_up(double x) {
  if (!(x > 0) || !std::isfinite(x)) return 0;
  const double p10 = std::pow(10, std::floor(std::log10(x)));
  for (double f : {1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.5, 10.0})
    if (f * p10 >= x * (1 - 1e-12)) return f * p10;
  return 10 * p10;
}

}  // namespace

std::vector<double> round_breaks(std::vector<double> v, int classes) {
  v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return !std::isfinite(x); }), v.end());
  if (v.empty() || classes < 1) return {};
  std::sort(v.begin(), v.end());
  const double lo = v.front() >= 0 ? 0.0 : -round_up(-v.front());
  std::vector<double> br{lo};
  for (int k = 1; k < classes; ++k) {
    const double q = v[std::min(
        v.size() - 1,
        static_cast<std::size_t>(std::ceil(k * static_cast<double>(v.size()) / classes)) - 1)];
    const double r = q >= 0 ? round_number(q) : -round_number(-q);
    if (r > br.back() && r < v.back()) br.push_back(r);
  }
  br.push_back(v.back() > br.back() ? v.back()
                                    : br.back() + (br.back() == 0 ? 1.0 : std::abs(br.back())));
  return br;
}

namespace {

/// Classes with round breaks (at most 5), the top one open ("100 en meer").
std::vector<StyleClass> round_classes(const std::vector<double>& values, bool en) {
  std::vector<StyleClass> out;
  const auto br = round_breaks(values, 5);
  if (br.size() < 2) return out;
  const std::size_t n = br.size() - 1;
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t c = n == 1 ? 4 : k * 4 / (n - 1);
    out.push_back(
        {"", br[k], br[k + 1], range_label(br[k], br[k + 1], k + 1 == n && n > 1, en), kBlues[c]});
  }
  return out;
}

std::string simple_fill(const Rgba& fill, const Rgba& outline, double width_mm,
                        const std::string& name) {
  return fmt::format(
      "<symbol type=\"fill\" name=\"{}\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
      "<layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\">"
      "<prop k=\"color\" v=\"{}\"/><prop k=\"outline_color\" v=\"{}\"/><prop k=\"outline_style\" "
      "v=\"solid\"/>"
      "<prop k=\"outline_width\" v=\"{}\"/><prop k=\"outline_width_unit\" v=\"MM\"/><prop "
      "k=\"style\" v=\"{}\"/>"
      "</layer></symbol>",
      name, fill.qgis(), outline.qgis(), width_mm, fill.a == 0 ? "no" : "solid");
}
std::string simple_line(const Rgba& c, double width_mm, const std::string& name) {
  return fmt::format(
      "<symbol type=\"line\" name=\"{}\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
      "<layer class=\"SimpleLine\" enabled=\"1\" locked=\"0\" pass=\"0\">"
      "<prop k=\"line_color\" v=\"{}\"/><prop k=\"line_width\" v=\"{}\"/><prop "
      "k=\"line_width_unit\" v=\"MM\"/>"
      "<prop k=\"line_style\" v=\"solid\"/><prop k=\"capstyle\" v=\"round\"/><prop k=\"joinstyle\" "
      "v=\"round\"/>"
      "</layer></symbol>",
      name, c.qgis(), width_mm);
}
std::string simple_marker(const Rgba& c, double size_mm, const std::string& name) {
  return fmt::format(
      "<symbol type=\"marker\" name=\"{}\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
      "<layer class=\"SimpleMarker\" enabled=\"1\" locked=\"0\" pass=\"0\">"
      "<prop k=\"color\" v=\"{}\"/><prop k=\"name\" v=\"circle\"/><prop k=\"outline_color\" "
      "v=\"35,35,35,255\"/>"
      "<prop k=\"outline_width\" v=\"0.3\"/><prop k=\"size\" v=\"{}\"/><prop k=\"size_unit\" "
      "v=\"MM\"/>"
      "</layer></symbol>",
      name, c.qgis(), size_mm);
}
std::string symbol(const LayerStyle& s, const Rgba& c, const std::string& name) {
  switch (s.geom) {
    case Geom::Point:
      return simple_marker(c, 3.5, name);
    case Geom::Line:
      return simple_line(c, 1.2, name);
    default:
      return simple_fill(c, c.a == 0 ? Rgba{0, 0, 0, 0} : Rgba{110, 110, 110, 255},
                         c.a == 0 ? 0.0 : 0.15, name);
  }
}

}  // namespace

Geom geom_of(const Table& t) {
  for (const auto& g : t.geometries) {
    if (!g) continue;
    const auto ft = wkbFlatten(g->getGeometryType());
    if (ft == wkbPoint || ft == wkbMultiPoint) return Geom::Point;
    if (ft == wkbLineString || ft == wkbMultiLineString) return Geom::Line;
    return Geom::Polygon;
  }
  return Geom::None;
}

LayerStyle style_for(const Table& t, const std::string& title, const std::string& lang) {
  const bool en = lang == "en";
  LayerStyle s;
  s.title = title;
  s.geom = geom_of(t);
  auto has = [&](const char* f) { return t.field_index(f) >= 0; };
  auto column = [&](const std::string& f) {
    std::vector<double> v;
    const int i = t.field_index(f);
    for (const auto& row : t.rows)
      if (auto x = num(row[static_cast<std::size_t>(i)])) v.push_back(*x);
    return v;
  };
  if (has("gi_class")) {
    s.kind = StyleKind::GiClass;
    s.field = "gi_class";
    // ArcGIS's hot spot colours (ColorBrewer RdYlBu, reversed).
    const std::vector<std::tuple<int, const char*, const char*, Rgba>> cls{
        {-3, "Cold spot - 99% confidence", "Coldspot (99% betrouwbaar)", {69, 117, 180}},
        {-2, "Cold spot - 95% confidence", "Coldspot (95% betrouwbaar)", {145, 191, 219}},
        {-1, "Cold spot - 90% confidence", "Coldspot (90% betrouwbaar)", {224, 243, 248}},
        {0, "Not significant", "Niet significant", {240, 240, 240, 0}},
        {1, "Hot spot - 90% confidence", "Hotspot (90% betrouwbaar)", {254, 224, 144}},
        {2, "Hot spot - 95% confidence", "Hotspot (95% betrouwbaar)", {252, 141, 89}},
        {3, "Hot spot - 99% confidence", "Hotspot (99% betrouwbaar)", {215, 48, 39}}};
    for (const auto& [v, label_en, label_nl, c] : cls)
      s.classes.push_back({std::to_string(v), static_cast<double>(v), static_cast<double>(v),
                           en ? label_en : label_nl, c});
  } else if (has("lisa_cluster")) {
    s.kind = StyleKind::LisaCluster;
    s.field = "lisa_cluster";
    for (const auto& [v, label_en, label_nl, c] :
         std::vector<std::tuple<const char*, const char*, const char*, Rgba>>{
             {"HH", "High-High", "Hoog-hoog", {215, 25, 28}},
             {"LL", "Low-Low", "Laag-laag", {44, 123, 182}},
             {"HL", "High-Low", "Hoog-laag", {253, 174, 97}},
             {"LH", "Low-High", "Laag-hoog", {171, 217, 233}},
             {"ns", "Not significant", "Niet significant", {240, 240, 240, 0}}})
      s.classes.push_back({v, 0, 0, en ? label_en : label_nl, c});
  } else if (s.geom == Geom::Line && has("team")) {
    s.kind = StyleKind::Routes;
    s.field = "team";
    const std::array<Rgba, 6> team_colors{{{31, 120, 180},
                                           {51, 160, 44},
                                           {227, 26, 28},
                                           {255, 127, 0},
                                           {106, 61, 154},
                                           {177, 89, 40}}};
    std::vector<std::string> teams;
    for (const auto& row : t.rows) {
      const std::string v = text(row[static_cast<std::size_t>(t.field_index("team"))]);
      if (std::find(teams.begin(), teams.end(), v) == teams.end()) teams.push_back(v);
    }
    for (std::size_t k = 0; k < teams.size(); ++k)
      s.classes.push_back(
          {teams[k], 0, 0, "team " + teams[k], team_colors[k % team_colors.size()]});
  } else if (s.geom == Geom::Point && has("seq")) {
    s.kind = StyleKind::Stops;
    s.label_field = "seq";
    s.classes.push_back({"", 0, 0, en ? "stop (visit order)" : "stop (volgorde)", {255, 255, 255}});
  } else if (has("name") && has("kind") && !has("score")) {
    s.kind = StyleKind::Places;
    s.label_field = "name";
    s.classes.push_back({"", 0, 0, en ? "named place" : "benoemde locatie", {0, 0, 0, 0}});
  } else if (has("hotspot_id")) {
    s.kind = StyleKind::HotspotAreas;
    s.classes.push_back({"", 0, 0, en ? "hotspot area" : "hotspotgebied", {240, 59, 32, 90}});
  } else {
    // A rate where one is known (per 1,000 residents, per km2), never a raw multi-year count
    // when a rate is there; a score for scored places.
    for (const char* f : {"score", "rate_per_1000", "density_km2", "n_incidents", "count"})
      if (has(f)) {
        s.kind = StyleKind::Graduated;
        s.field = f;
        s.classes = round_classes(column(f), en);
        if (has("name")) s.label_field = "name";
        if (const int sup = t.field_index("suppressed"); sup >= 0) {
          const auto j = static_cast<std::size_t>(t.field_index(f));
          for (const auto& row : t.rows)
            if (std::holds_alternative<std::monostate>(row[j]) &&
                !std::holds_alternative<std::monostate>(row[static_cast<std::size_t>(sup)]))
              s.withheld_label = withheld_label(lang);
        }
        break;
      }
    if (s.kind != StyleKind::Graduated) s.classes.push_back({"", 0, 0, title, {166, 206, 227}});
  }
  return s;
}

std::string withheld_label(const std::string& lang) {
  return lang == "en" ? "not published (small count)" : kWithheldLabel;
}

LayerStyle raster_style(const std::vector<double>& values, const std::string& title,
                        const std::string& unit, const std::string& lang) {
  const bool en = lang == "en";
  LayerStyle s;
  s.kind = StyleKind::Raster;
  s.geom = Geom::Raster;
  s.title = title + (unit.empty() ? "" : " (" + unit + ")");
  std::vector<double> pos;
  for (double v : values)
    if (std::isfinite(v) && v > 0) pos.push_back(v);
  std::sort(pos.begin(), pos.end());
  if (pos.empty()) pos = {0, 1};
  auto q = [&](double f) {
    return pos[std::min(pos.size() - 1,
                        static_cast<std::size_t>(f * static_cast<double>(pos.size())))];
  };
  // Breaks near the 50/75/90/97/99.5 % quantiles of the positive cells, rounded to numbers a
  // reader can say: the busiest places stand out.
  const std::array<double, 5> f{0.5, 0.75, 0.9, 0.97, 0.995};
  double lo = 0;
  for (std::size_t k = 0; k < f.size(); ++k) {
    const double r = round_number(q(f[k]));
    if (!(r > lo) || r >= pos.back()) continue;
    Rgba c = kYlOrRd[std::min<std::size_t>(k, 4)];
    if (s.classes.empty()) c.a = 0;  // the lowest cells stay transparent
    s.classes.push_back({"", lo, r, range_label(lo, r, false, en), c});
    lo = r;
  }
  s.classes.push_back(
      {"", lo, std::max(pos.back(), lo), range_label(lo, 0, true, en), {128, 0, 38}});
  if (s.classes.size() == 1) s.classes.front().label = range_label(lo, pos.back(), false, en);
  return s;
}

Rgba color_for(const LayerStyle& s, const Value& v) {
  if (s.classes.empty()) return {0, 0, 0, 0};
  switch (s.kind) {
    case StyleKind::GiClass:
    case StyleKind::LisaCluster:
    case StyleKind::Routes: {
      const std::string t = text(v);
      for (const auto& c : s.classes)
        if (c.value == t) return c.color;
      return {0, 0, 0, 0};
    }
    case StyleKind::Graduated: {
      const auto x = num(v);
      if (!x) return {200, 200, 200, 255};  // suppressed or missing
      for (const auto& c : s.classes)
        if (*x >= c.lower && *x <= c.upper) return c.color;
      return *x < s.classes.front().lower ? s.classes.front().color : s.classes.back().color;
    }
    case StyleKind::Places:
    case StyleKind::HotspotAreas:
    case StyleKind::Stops:
    case StyleKind::Raster:
    case StyleKind::Plain:
    default:
      return s.classes.front().color;
  }
}

std::uint32_t premultiplied(const Rgba& col, double opacity) {
  const double a = col.a / 255.0 * opacity;
  return (static_cast<std::uint32_t>(std::lround(a * 255)) << 24) |
         (static_cast<std::uint32_t>(std::lround(col.r * a)) << 16) |
         (static_cast<std::uint32_t>(std::lround(col.g * a)) << 8) |
         static_cast<std::uint32_t>(std::lround(col.b * a));
}

Rgba color_for_raster(const LayerStyle& s, double v) {
  if (!std::isfinite(v)) return {0, 0, 0, 0};
  for (const auto& c : s.classes)
    if (v <= c.upper) return c.color;
  return s.classes.back().color;
}

std::string qml_body(const LayerStyle& s) {
  std::string o;
  if (s.kind == StyleKind::Raster) {
    o += fmt::format(
        "<pipe><rasterrenderer type=\"singlebandpseudocolor\" band=\"1\" opacity=\"0.85\" "
        "alphaBand=\"-1\" "
        "classificationMin=\"{}\" classificationMax=\"{}\" nodataColor=\"\"><rastershader>"
        "<colorrampshader colorRampType=\"DISCRETE\" classificationMode=\"1\" clip=\"0\">",
        s.classes.front().lower, s.classes.back().upper);
    for (const auto& c : s.classes)
      o += fmt::format("<item value=\"{}\" color=\"{}\" alpha=\"{}\" label=\"{}\"/>", c.upper,
                       c.color.hex(), c.color.a, esc(c.label));
    o += "</colorrampshader></rastershader></rasterrenderer><brightnesscontrast brightness=\"0\" "
         "contrast=\"0\"/>"
         "<huesaturation saturation=\"0\" grayscaleMode=\"0\" colorizeOn=\"0\"/><rasterresampler "
         "maxOversampling=\"2\"/></pipe>"
         "<blendMode>0</blendMode>";
    return o;
  }
  std::string symbols;
  switch (s.kind) {
    case StyleKind::GiClass:
    case StyleKind::LisaCluster:
    case StyleKind::Routes: {
      o += fmt::format(
          "<renderer-v2 type=\"categorizedSymbol\" attr=\"{}\" symbollevels=\"0\" "
          "enableorderby=\"0\" forceraster=\"0\"><categories>",
          esc(s.field));
      for (std::size_t k = 0; k < s.classes.size(); ++k) {
        o += fmt::format("<category render=\"true\" symbol=\"{}\" value=\"{}\" label=\"{}\"/>", k,
                         esc(s.classes[k].value), esc(s.classes[k].label));
        symbols += symbol(s, s.classes[k].color, std::to_string(k));
      }
      o += "</categories><symbols>" + symbols + "</symbols></renderer-v2>";
      break;
    }
    case StyleKind::Graduated: {
      o += fmt::format(
          "<renderer-v2 type=\"graduatedSymbol\" attr=\"{}\" graduatedMethod=\"GraduatedColor\" "
          "symbollevels=\"0\" "
          "enableorderby=\"0\" forceraster=\"0\"><ranges>",
          esc(s.withheld_label.empty() ? s.field : "coalesce(\"" + s.field + "\", -1)"));
      if (!s.withheld_label.empty()) {  // withheld values: a grey class of their own
        const std::string id = std::to_string(s.classes.size());
        o += fmt::format(
            "<range render=\"true\" symbol=\"{}\" lower=\"-1.5\" upper=\"-0.5\" "
            "label=\"{}\"/>",
            id, esc(s.withheld_label));
        symbols += symbol(s, {200, 200, 200, 255}, id);
      }
      for (std::size_t k = 0; k < s.classes.size(); ++k) {
        o += fmt::format(
            "<range render=\"true\" symbol=\"{}\" lower=\"{}\" upper=\"{}\" label=\"{}\"/>", k,
            s.classes[k].lower, s.classes[k].upper, esc(s.classes[k].label));
        symbols += symbol(s, s.classes[k].color, std::to_string(k));
      }
      o += "</ranges><symbols>" + symbols + "</symbols><mode name=\"quantile\"/></renderer-v2>";
      break;
    }
    default: {
      Rgba c = s.classes.empty() ? Rgba{166, 206, 227} : s.classes.front().color;
      std::string sym;
      if (s.kind == StyleKind::Places)
        sym = simple_fill({0, 0, 0, 0}, {40, 40, 40, 255}, 0.5, "0");
      else if (s.kind == StyleKind::HotspotAreas)
        sym = simple_fill(c, {189, 0, 38, 255}, 0.6, "0");
      else
        sym = symbol(s, c, "0");
      o += "<renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" "
           "forceraster=\"0\"><symbols>" +
           sym + "</symbols></renderer-v2>";
    }
  }
  if (!s.label_field.empty()) {
    o += fmt::format(
        "<labeling type=\"simple\"><settings calloutType=\"simple\">"
        "<text-style fieldName=\"{}\" isExpression=\"0\" fontFamily=\"Sans Serif\" fontSize=\"{}\" "
        "fontSizeUnit=\"Point\" "
        "textColor=\"20,20,20,255\" fontWeight=\"{}\" textOpacity=\"1\" namedStyle=\"\" "
        "multilineHeight=\"1\">"
        "<text-buffer bufferDraw=\"1\" bufferSize=\"1\" bufferSizeUnits=\"MM\" "
        "bufferColor=\"255,255,255,255\" bufferOpacity=\"1\"/>"
        "</text-style><text-format wrapChar=\"\" multilineAlign=\"0\"/>"
        "<placement placement=\"{}\" dist=\"1\" distUnits=\"MM\" priority=\"5\"/>"
        "<rendering scaleVisibility=\"0\" obstacle=\"1\" displayAll=\"1\" "
        "drawLabels=\"1\"/></settings></labeling>",
        esc(s.label_field), s.kind == StyleKind::Stops ? 8 : 9,
        s.kind == StyleKind::Stops ? 75 : 50, 1);
  }
  return o;
}

std::string qml(const LayerStyle& s) {
  return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"3.22.0\" "
         "styleCategories=\"AllStyleCategories\">" +
         qml_body(s) + "</qgis>\n";
}

}  // namespace hotspot::mapping

namespace hotspot::mapping {

namespace {

bool contains(const std::string& s, const char* part) {
  return s.find(part) != std::string::npos;
}

/// What a layer is about, from its name: the report's themes by their own words.
std::string theme_words(const std::string& name, bool en) {
  if (contains(name, "overlast")) return en ? "youth nuisance" : "jeugdoverlast";
  if (contains(name, "ondermijning")) return en ? "organised-crime signals" : "ondermijning";
  if (contains(name, "inbraak")) return en ? "burglary" : "woninginbraak";
  if (contains(name, "drugs")) return "drugs";
  std::string s = name;
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

}  // namespace

std::string human_title(StyleKind kind, Geom geom, const std::string& name,
                        const std::string& field, const std::string& lang) {
  const bool en = lang == "en";
  const std::string theme = theme_words(name, en);
  switch (kind) {
    case StyleKind::GiClass:
      return en ? "Hot and cold spots " + theme + " (Gi*)"
                : "Hot en cold spots " + theme + " (Gi*)";
    case StyleKind::LisaCluster:
      return en ? "Clusters " + theme + " (Local Moran's I)"
                : "Clusters " + theme + " (Local Moran's I)";
    case StyleKind::Raster:
      return en ? "Density " + theme + " (incidents per km\u00b2)"
                : "Dichtheid " + theme + " (incidenten per km\u00b2)";
    case StyleKind::HotspotAreas:
      return en ? "Hotspot areas " + theme : "Hotspotgebieden " + theme;
    case StyleKind::Places:
      return en ? "Named places" : "Benoemde locaties";
    case StyleKind::Routes:
      return en ? "Flexteam: routes" : "Flexteam: routes";
    case StyleKind::Stops:
      return en ? "Flexteam: stops (visit order)" : "Flexteam: stops (volgorde)";
    case StyleKind::Graduated: {
      if (field == "score") return en ? "Risk score per place" : "Risicoscore per locatie";
      const char* area = contains(name, "buurt")   ? (en ? "neighbourhood" : "buurt")
                         : contains(name, "wijk")  ? (en ? "district" : "wijk")
                         : contains(name, "locat") ? (en ? "place" : "locatie")
                         : contains(name, "hex") || contains(name, "grid") || geom != Geom::Polygon
                             ? (en ? "cell" : "cel")
                             : (en ? "area" : "gebied");
      const std::string per = field == "rate_per_1000"
                                  ? (en ? "per 1,000 residents" : "per 1.000 inwoners")
                              : field == "density_km2" ? (en ? "per km\u00b2" : "per km\u00b2")
                                                       : (en ? "number" : "aantal");
      return fmt::format("{} {} ({})", en ? "Incidents per" : "Incidenten per", area, per);
    }
    case StyleKind::Plain:
    default: {
      std::string s = name;
      std::replace(s.begin(), s.end(), '_', ' ');
      return s;
    }
  }
}

}  // namespace hotspot::mapping
