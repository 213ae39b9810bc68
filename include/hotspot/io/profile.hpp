#pragma once
// Reading a municipality profile (core/profile.hpp) from its TOML file:
//
//   [profile]
//   name = "Deventer"
//   working_crs = "EPSG:28992"        # any projected CRS in metres
//   crs_label = "EPSG:28992 (RD New)"
//   mask = "deventer_gemeente.geojson"
//   places = "deventer_locaties.geojson"
//   areas = "deventer_buurten.geojson"
//   districts = "deventer_wijken.geojson"
//   pipeline = "deventer.toml"
//   source = "Bron: CBS, gemeente Deventer"
//   [depot]
//   name = "Stadhuis"
//   xy = "207400,473990"              # in the working CRS
#include <filesystem>

#include "hotspot/core/profile.hpp"

namespace hotspot::io {

/// @throws Error(InputMissing) for a missing file, Error(Usage) naming the key for a bad value
/// (unknown key, a CRS that is not projected in metres, a depot that is not X,Y).
Profile read_profile(const std::filesystem::path& file);

}  // namespace hotspot::io
