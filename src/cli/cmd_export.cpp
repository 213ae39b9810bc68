#include <fmt/format.h>

#include "common.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/core/paths.hpp"
#include "hotspot/export/export.hpp"
#include "hotspot/export/render.hpp"

namespace hotspot::cli {

Runner register_export(CLI::App& app, GlobalOptions& g) {
  auto* sub = app.add_subcommand("export", "One styled GeoPackage (and a QGIS project) from result layers");
  struct Opts {
    std::string gpkg, qgs;
    std::vector<std::string> layers;
    mapping::ExportOptions ex;
  };
  auto o = std::make_shared<Opts>();
  sub->add_option("--gpkg", o->gpkg, "The GeoPackage to write (EPSG:28992, styles in layer_styles)")->required();
  sub->add_option("--qgs", o->qgs, "QGIS project to write (default: beside the GeoPackage, same name)");
  sub->add_option("--title", o->ex.title, "Project title")->capture_default_str();
  sub->add_option("--suppress-below", o->ex.suppress_below, "Blank counts 1 .. N-1 in published area layers (0: off)")->capture_default_str();
  sub->add_flag("--include-points", o->ex.include_points, "Allow raw incident points (personal data) in the output");
  sub->add_option("layers", o->layers, "Result files: GeoJSON, GeoPackage, GeoTIFF")->required();
  add_global_options(*sub, g);
  return [o, &g]() {
    RunContext ctx;
    configure(ctx, g);
    if (std::filesystem::path(o->gpkg).extension() != ".gpkg")
      throw Error(ErrorCode::Usage, "the export is a GeoPackage", {o->gpkg}, "end the name in .gpkg");
    std::filesystem::path qgs = o->qgs.empty() ? std::filesystem::path(o->gpkg).replace_extension(".qgs") : std::filesystem::path(o->qgs);
    {
      std::vector<NamedPath> in;
      for (const auto& l : o->layers) in.emplace_back("layer", l);
      check_output_paths(in, {{"--gpkg", o->gpkg}, {"--qgs", qgs}});
    }
    const auto layers = mapping::read_layers(o->layers, o->ex, ctx);
    mapping::write_gpkg(layers, o->gpkg, ctx);
    mapping::write_qgs(layers, o->gpkg, qgs, o->ex);
    ctx.info("wrote {} layer(s) to {} and the project {}", layers.size(), o->gpkg, qgs.string());
    return 0;
  };
}

Runner register_render(CLI::App& app, GlobalOptions& g) {
  auto* sub = app.add_subcommand("render", "A PNG map with legend, scale bar and north arrow (no QGIS needed)");
  struct Opts {
    std::string out;
    std::vector<std::string> layers;
    mapping::ExportOptions ex;
    mapping::RenderOptions ro;
  };
  auto o = std::make_shared<Opts>();
  sub->add_option("--out", o->out, "PNG to write")->required();
  sub->add_option("--width-px", o->ro.width_px, "Width in pixels (200 to 20000)")->capture_default_str()->check(CLI::Range(200, 20000));
  sub->add_option("--height-px", o->ro.height_px, "Height in pixels (150 to 20000)")->capture_default_str()->check(CLI::Range(150, 20000));
  sub->add_option("--dpi", o->ro.dpi, "Dots per inch, 36 to 1200 (text and line sizes follow)")->capture_default_str()->check(CLI::Range(36.0, 1200.0));
  sub->add_option("--title", o->ro.title, "Title")->capture_default_str();
  sub->add_option("--data-date", o->ro.data_date, "Data date line, e.g. \"data: 2018-2022\"");
  sub->add_option("--chart", o->ro.charts, "A chart PNG (hotspot chart) to set in the map; repeat for several");
  sub->add_option("--suppress-below", o->ex.suppress_below, "Blank counts 1 .. N-1 in area layers (0: off)")->capture_default_str();
  sub->add_flag("--include-points", o->ex.include_points, "Allow raw incident points (personal data)");
  sub->add_option("layers", o->layers, "Result files: GeoJSON, GeoPackage, GeoTIFF")->required();
  add_global_options(*sub, g);
  return [o, &g]() {
    RunContext ctx;
    configure(ctx, g);
    {
      std::vector<NamedPath> in;
      for (const auto& l : o->layers) in.emplace_back("layer", l);
      check_output_paths(in, {{"--out", o->out}});
    }
    const auto layers = mapping::read_layers(o->layers, o->ex, ctx);
    mapping::render_png(layers, o->out, o->ro);
    ctx.info("wrote {} ({} x {} px, {} dpi)", o->out, o->ro.width_px, o->ro.height_px, o->ro.dpi);
    return 0;
  };
}

}  // namespace hotspot::cli
