#pragma once
// The one name of the default working CRS. The engine computes in any projected metric CRS;
// the municipality profile (core/profile.hpp) says which. Without a profile: Deventer's, RD New.

namespace hotspot {

inline constexpr const char* kDefaultWorkingCrs = "EPSG:28992";

}  // namespace hotspot
