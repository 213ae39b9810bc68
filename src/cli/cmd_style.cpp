// hotspot style: the QGIS style (QML) the GeoPackage export gives a result layer, as a file
// beside it (<layer>.qml, which QGIS loads with the layer) or where --out says. The QGIS
// provider styles its outputs with it.
#include <fmt/format.h>

#include "bind.hpp"
#include "common.hpp"
#include "hotspot/core/atomic_file.hpp"
#include "hotspot/core/error.hpp"
#include "hotspot/export/export.hpp"
#include "hotspot/export/style.hpp"

namespace hotspot::cli {

Runner register_style(CLI::App& app, GlobalOptions& g) {
  auto* sub = app.add_subcommand("style",
                                 "The QGIS style (QML) of result layers, as the export gives them");
  struct Bound {
    std::vector<std::string> layers;
    std::string out;
    OptionSet options;
  };
  auto b = std::make_shared<Bound>();
  b->options
      .text("out", &b->out, "QML to write (one layer); default: <layer>.qml beside each layer")
      .output();
  b->options.list("layers", &b->layers, "Result files: GeoJSON, GeoPackage, GeoTIFF")
      .required()
      .positional()
      .input();
  auto bound = bind_options(*sub, b->options);
  add_global_options(*sub, g);
  return [b, bound, &g]() {
    RunContext ctx;
    configure(ctx, g);
    apply_options(*bound, b->options);
    if (!b->out.empty() && b->layers.size() != 1)
      throw Error(ErrorCode::Usage, "--out names one QML file, for one layer", {"", "", "--out"},
                  "give one layer, or leave --out out for <layer>.qml beside each");
    mapping::ExportOptions ex;
    ex.include_points = true;  // nothing but the style is written: layers are read as they are
    ex.internal = true;
    ex.suppress_below = 0;
    ex.working_crs = load_profile(g).working_crs;
    const auto layers = mapping::read_layers(b->layers, ex, ctx);
    for (const auto& m : layers) {
      std::filesystem::path q = b->out;
      if (q.empty()) {
        q = m.source;
        q.replace_extension(".qml");
      }
      if (q.extension() != ".qml")
        throw Error(ErrorCode::Usage, "a QGIS style file ends in .qml", {q.string()},
                    "e.g. --out buurten.qml");
      write_file_atomically(q, mapping::qml(m.style));
      ctx.info("style of {}: {}", m.name, q.string());
    }
    return 0;
  };
}

}  // namespace hotspot::cli
