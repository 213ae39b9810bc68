#include "hotspot/export/step.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/paths.hpp"
#include "hotspot/publish/policy.hpp"

namespace hotspot::mapping {

namespace fs = std::filesystem;

void declare(OptionSet& s, ExportStepConfig& c) {
  s.text("gpkg", &c.gpkg, "The GeoPackage to write (working CRS, styles in layer_styles)")
      .required()
      .output()
      .group("output")
      .format("file");
  s.text("qgs", &c.qgs, "QGIS project to write (default: beside the GeoPackage, same name)")
      .output()
      .group("output")
      .format("file");
  s.text("title", &c.ex.title, "Project title");
  s.text("lang", &c.ex.lang, "Words of the styles' classes: nl (default) or en")
      .choices({"nl", "en"});
  declare_map_inputs(s, c.ex, c.ex.internal, c.layers, "the project marked INTERN");
}

void declare_map_inputs(OptionSet& s, ExportOptions& ex, bool& internal,
                        std::vector<std::string>& layers, const std::string& marked) {
  s.integer("suppress-below", &ex.suppress_below,
            "Blank counts 1 .. N-1 in published area layers (0: off)")
      .range(0, 1000);
  s.flag("include-points", &ex.include_points,
         "Allow point layers hotspot did not publish as places (may be personal data)");
  s.flag("internal", &internal, "Internal use: exact values (no suppression), " + marked);
  s.list("layers", &layers, "Result files: GeoJSON, GeoPackage, GeoTIFF")
      .required()
      .positional()
      .input()
      .format("layers");
}

namespace {

fs::path qgs_of(const ExportStepConfig& c) {
  return c.qgs.empty() ? fs::path(c.gpkg).replace_extension(".qgs") : fs::path(c.qgs);
}

}  // namespace

void validate(const ExportStepConfig& c, const step::Env&) {
  publish::validate({c.ex.internal, c.ex.suppress_below});
  if (fs::path(c.gpkg).extension() != ".gpkg")
    throw Error(ErrorCode::Usage, "the export is a GeoPackage", {c.gpkg}, "end the name in .gpkg");
  std::vector<NamedPath> in;
  for (const auto& l : c.layers) in.emplace_back("layer", l);
  check_output_paths(in, {{"--gpkg", c.gpkg}, {"--qgs", qgs_of(c)}});
}

void run(const ExportStepConfig& c, step::Env& env) {
  validate(c, env);
  ExportOptions ex = c.ex;
  ex.working_crs = env.profile.working_crs;
  if (ex.internal) ex.suppress_below = 0;
  const fs::path qgs = qgs_of(c);
  const auto layers = read_layers(c.layers, ex, env.ctx, env.results);
  publish::Policy pol;
  pol.internal = ex.internal;
  pol.suppress_below = ex.suppress_below;
  write_gpkg(layers, c.gpkg, env.ctx, ex.working_crs, pol.description());
  write_qgs(layers, c.gpkg, qgs, ex);
  env.ctx.info("wrote {} layer(s) to {} and the project {}", layers.size(), c.gpkg, qgs.string());
}

void declare(OptionSet& s, RenderStepConfig& c) {
  s.text("out", &c.out,
         "Map to write: .png (picture), .pdf or .svg (vector, for print); with --theme all the "
         "series NAME_<theme>.EXT beside it")
      .required()
      .output()
      .group("output")
      .format("image");
  s.text("theme", &c.ro.theme,
         "What the map shows: overview (counts per buurt), a density theme by name (overlast, "
         "ondermijning), hotspots[:LAYER] (Gi*), clusters[:LAYER] (LISA), score, routes, layers "
         "(every layer as given), or all (the series, one map per theme)");
  s.text("lang", &c.ro.lang, "Words of the legend, heading and footer: nl (default) or en")
      .choices({"nl", "en"});
  s.text("source-line", &c.ro.source_line,
         "The footer's source line (default: the profile's, \"Bron: CBS, gemeente Deventer\")");
  s.flag("no-inset", &c.no_inset, "No inset of the centre, even where labels crowd");
  s.integer("width-px", &c.ro.width_px, "Width in pixels").unit("px").range(200, 20000);
  s.integer("height-px", &c.ro.height_px, "Height in pixels").unit("px").range(150, 20000);
  s.number("dpi", &c.ro.dpi, "Dots per inch (text and line sizes follow)").range(36, 1200);
  s.text("title", &c.ro.title, "Title");
  s.text("data-date", &c.ro.data_date, "Data date line, e.g. \"data: 2018-2022\"");
  s.list("chart", &c.charts, "A chart PNG (hotspot chart) to set in the map; repeat for several")
      .input()
      .format("image");
  declare_map_inputs(s, c.ex, c.ro.internal, c.layers, "the map marked INTERN - niet publiceren");
}

void validate(const RenderStepConfig& c, const step::Env&) {
  publish::validate({c.ro.internal, c.ex.suppress_below});
  std::string ext = fs::path(c.out).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char ch) { return std::tolower(ch); });
  if (ext != ".png" && ext != ".pdf" && ext != ".svg")
    throw Error(ErrorCode::Usage, "a map is written as .png, .pdf or .svg", {c.out, "", "out"},
                "end the file name in .png (picture), .pdf or .svg (print)");
  if (c.ro.theme.empty())
    throw Error(ErrorCode::Usage, "the theme is empty", {"", "", "theme"},
                "give --theme overview, all, or a theme's name");
  std::vector<NamedPath> in;
  for (const auto& l : c.layers) in.emplace_back("layer", l);
  for (const auto& l : c.charts) in.emplace_back("--chart", l);
  check_output_paths(in, {{"--out", c.out}});
}

void run(const RenderStepConfig& c, step::Env& env) {
  validate(c, env);
  ExportOptions ex = c.ex;
  ex.working_crs = env.profile.working_crs;
  RenderOptions ro = c.ro;
  ex.internal = ro.internal;
  if (ro.internal) ex.suppress_below = 0;
  ro.charts.assign(c.charts.begin(), c.charts.end());
  ro.crs_label = env.profile.crs_label;
  if (!c.given.count("source-line")) ro.source_line = env.profile.source_line;
  ro.inset = !c.no_inset;
  ex.lang = ro.lang;
  const auto layers = read_layers(c.layers, ex, env.ctx, env.results);
  if (!c.given.count("theme")) {  // the overview where the layers have one, else their first
    const auto themes = themes_of(layers);
    if (std::find(themes.begin(), themes.end(), "overview") == themes.end())
      ro.theme = themes.empty() ? "layers" : themes.front();
  }
  if (ro.theme == "all") {
    const auto reps = render_series(layers, c.out, ro);
    for (const auto& r : reps) env.ctx.info("{}", describe(r));
    env.ctx.info("wrote {} map(s), {} x {} px at {} dpi, beside {}", reps.size(), ro.width_px,
                 ro.height_px, ro.dpi, fs::path(c.out).filename().string());
    return;
  }
  const auto rep = render_map(layers, c.out, ro);
  env.ctx.info("{}", describe(rep));
  env.ctx.info("wrote {} ({}, {} x {} px, {} dpi)", c.out, ro.theme, ro.width_px, ro.height_px,
               ro.dpi);
}

}  // namespace hotspot::mapping
