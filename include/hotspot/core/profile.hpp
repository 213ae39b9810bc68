#pragma once
// A municipality profile (issue 12): what the engine needs to know about a place that is not
// in the data: the working CRS (any projected metric CRS), the municipal boundary, the named
// places, the flexteam's depot, the default pipeline and the map's source line. Deventer's is
// geodata/deventer.profile.toml; `--profile FILE` chooses another. Nothing about a
// municipality is written in code.
#include <filesystem>
#include <string>

#include "hotspot/core/working_crs.hpp"

namespace hotspot {

struct Profile {
  std::string name = "Deventer";
  std::filesystem::path file;  ///< the profile file ("" = built in)
  std::filesystem::path dir;   ///< its folder: relative paths below resolve there
  std::string working_crs = kDefaultWorkingCrs;
  std::string crs_label = "EPSG:28992 (RD New)";  ///< the map's footer
  std::filesystem::path mask;                     ///< municipal boundary: density's default mask
  std::filesystem::path places;                   ///< named places: score's distance, the maps
  std::filesystem::path areas;                    ///< neighbourhoods (synth, opendata)
  std::filesystem::path districts;                ///< wijken
  std::filesystem::path pipeline;                 ///< the default pipeline file
  std::string depot;  ///< "X,Y" in the working CRS: route's default start and end
  std::string depot_name = "depot";
  std::string source_line = "Bron: CBS, gemeente Deventer";
  std::string timezone = "Europe/Amsterdam";
};

}  // namespace hotspot
