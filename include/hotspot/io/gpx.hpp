#pragma once
// GPX 1.1 for phones (the flexteam's route): waypoints in visiting order and one track, in
// WGS84 lon/lat with 7 decimals (1 cm), times in UTC.
#include <string>
#include <vector>

namespace hotspot::io {

struct GpxWaypoint {
  double lon = 0, lat = 0;
  std::string time_utc;  ///< "2024-06-01T19:00:00Z", or "" for none
  std::string name, desc;
};

struct GpxDocument {
  std::string creator;  ///< e.g. "hotspot 0.9.0"
  std::vector<GpxWaypoint> waypoints;
  std::string track_name;
  std::vector<std::pair<double, double>> track;  ///< lon, lat
};

/// The document's text (names and descriptions XML-escaped).
std::string gpx_text(const GpxDocument& doc);

}  // namespace hotspot::io
