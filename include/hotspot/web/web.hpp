#pragma once
// The web map (stage `web`): a self-contained folder, `index.html` plus its assets, that opens
// from file:// with no network. Leaflet (from the npm registry, installed by
// scripts/setup-web.sh) is vendored into the folder with its licence and loaded as a classic
// script; the layers are inlined in `data.js` (a page opened from file:// cannot fetch local
// files) as RFC 7946 GeoJSON in WGS84, rasters as PNG overlays warped to Web Mercator by GDAL.
// The layers, their styles and legends are those of the QGIS project (export/style.hpp), read
// under the same publication rules (export/export.hpp: read_layers).
#include <filesystem>
#include <string>
#include <vector>

#include "hotspot/core/run_context.hpp"
#include "hotspot/export/export.hpp"

namespace hotspot::web {

struct WebOptions {
  std::string title = "Veiligheid Deventer";
  std::string data_date;  ///< e.g. "data: 2018-2022"
  std::string source = "Bron: CBS, gemeente Deventer";
  std::string lang = "nl";            ///< nl | en: the page's own words
  std::string description;            ///< the publication line (publish::Policy::description())
  bool internal = false;              ///< the page says "INTERN - niet publiceren" on every view
  std::string working_crs;            ///< the layers' CRS (the profile's)
  std::filesystem::path leaflet_dir;  ///< Leaflet's package folder (find_leaflet)
};

/// Leaflet's npm package folder: `given` if not empty, else $HOTSPOT_LEAFLET_DIR, else the one
/// scripts/setup-web.sh installs beside the sources. @throws Error(InputMissing) with the fix.
std::filesystem::path find_leaflet(const std::string& given);

/// The page's data (`window.HOTSPOT_MAP = {...}`) as JSON text, without the assignment; rasters
/// are written into `dir` as PNG files named in it. Exposed for tests.
std::string map_data_json(const std::vector<mapping::MapLayer>& layers,
                          const std::filesystem::path& dir, const WebOptions& opt);

/// Write the whole folder `dir` (index.html, data.js, app.js, app.css, leaflet/, rasters). The
/// folder is built beside `dir` and switched in at the end, so a failed run leaves the previous
/// page; an existing `dir` is replaced only when it is a hotspot web map (or empty).
/// @throws Error(Output), Error(Usage) for a folder that is not a hotspot web map.
void write_web(const std::vector<mapping::MapLayer>& layers, const std::filesystem::path& dir,
               const WebOptions& opt, RunContext& ctx);

}  // namespace hotspot::web
