#pragma once
// A PNG map without QGIS (stage `export.render`, cairo): the chosen layers in the export's
// draw order and styles, with a legend, a scale bar, a north arrow, a title and the data date.
#include <filesystem>
#include <string>
#include <vector>

#include "hotspot/export/export.hpp"

namespace hotspot::mapping {

struct RenderOptions {
  int width_px = 1600, height_px = 1200;
  double dpi = 150;
  std::string title = "Veiligheid Deventer";
  std::string data_date;  ///< shown under the title, e.g. "data: 2018-2022 (synthetic)"
  std::vector<std::filesystem::path>
      charts;             ///< PNG charts (hotspot chart) set in the lower left of the map
  bool internal = false;  ///< an internal run: the subtitle says "INTERN - niet publiceren"
  std::string crs_label = "EPSG:28992 (RD New)";  ///< the footer's CRS (the profile's)
};

/// @throws Error(Output)
void render_png(const std::vector<MapLayer>& layers, const std::filesystem::path& png,
                const RenderOptions& opt);

}  // namespace hotspot::mapping
