#include "hotspot/io/gpx.hpp"

#include <fmt/format.h>

#include "hotspot/core/values.hpp"

namespace hotspot::io {

std::string gpx_text(const GpxDocument& doc) {
  std::string gpx = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gpx version=\"1.1\" creator=\"" +
                    xml_escape(doc.creator) + "\" xmlns=\"http://www.topografix.com/GPX/1/1\">\n";
  for (const auto& w : doc.waypoints)
    gpx +=
        fmt::format("  <wpt lat=\"{:.7f}\" lon=\"{:.7f}\">{}<name>{}</name><desc>{}</desc></wpt>\n",
                    w.lat, w.lon, w.time_utc.empty() ? "" : "<time>" + w.time_utc + "</time>",
                    xml_escape(w.name), xml_escape(w.desc));
  gpx += fmt::format("  <trk><name>{}</name><trkseg>\n", xml_escape(doc.track_name));
  for (const auto& [lon, lat] : doc.track)
    gpx += fmt::format("    <trkpt lat=\"{:.7f}\" lon=\"{:.7f}\"/>\n", lat, lon);
  gpx += "  </trkseg></trk>\n</gpx>\n";
  return gpx;
}

}  // namespace hotspot::io
