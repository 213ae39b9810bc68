#pragma once
// Maps for the council report without QGIS (stage `export.render`, cairo): one map per theme
// (the overview, each density theme, the Gi* hot spots, the clusters, the risk score, tonight's
// routes) with a grey base of the neighbourhoods, labels placed without overlap (moved, with a
// leader line, or dropped), an inset of the centre where the labels crowd, a legend with human
// names (nl | en), a scale bar, a north arrow, the source line and the data date. PNG, or PDF
// and SVG for print (vector, through cairo).
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
  std::string crs_label = "EPSG:28992 (RD New)";             ///< the footer's CRS (the profile's)
  std::string source_line = "Bron: CBS, gemeente Deventer";  ///< the footer (the profile's)
  std::string lang = "nl";                                   ///< nl | en
  /// overview | a word of a layer's name (overlast) | hotspots[:NAME] | clusters[:NAME] |
  /// score | routes | layers (every layer given, as they come)
  std::string theme = "overview";
  bool inset = true;  ///< an inset of the centre where labels crowd
};

/// What a theme draws (indices into the layers).
struct ThemeSelection {
  std::string theme;
  std::vector<std::size_t> main;      ///< styled and in the legend, top first
  std::vector<std::size_t> base;      ///< grey neighbourhoods underneath
  std::vector<std::size_t> outlines;  ///< district boundaries on top of the base
  std::vector<std::size_t> places;    ///< named places: outlines and labels
  std::string heading;                ///< the map's heading
  OGREnvelope frame;                  ///< what the frame fits (working CRS)
  bool zoomed = false;  ///< the frame fits the theme's own features (routes, scored places)
};

/// The themes these layers allow, in the order of the report: overview, one per density
/// surface (its name's first word), hotspots:NAME per Gi* layer, clusters:NAME per LISA layer,
/// score, routes.
std::vector<std::string> themes_of(const std::vector<MapLayer>& layers);
/// @throws Error(Usage) for a theme the layers do not hold, naming the ones they do.
ThemeSelection select_theme(const std::vector<MapLayer>& layers, const std::string& theme,
                            const std::string& lang);

/// What a map shows of its labels, for the run's log and the tests.
struct RenderReport {
  std::filesystem::path file;
  std::string theme, heading;
  std::size_t labels = 0;    ///< labels asked for (named places)
  std::size_t on_map = 0;    ///< placed on the main map
  std::size_t leaders = 0;   ///< of those, moved away with a leader line
  std::size_t in_inset = 0;  ///< placed in the inset
  std::size_t dropped = 0;   ///< shown nowhere (no room)
  std::string inset;         ///< the inset's caption ("" = no inset)
  bool legend_below = false;
  /// The main map's transform: page pixel = (fx + (x - x0) * scale, fy - (y - y0) * scale).
  double x0 = 0, y0 = 0, scale = 1, fx = 0, fy = 0;
};

/// One map, format by the extension (.png, .pdf, .svg), written atomically.
/// @throws Error(Usage, Output)
RenderReport render_map(const std::vector<MapLayer>& layers, const std::filesystem::path& out,
                        const RenderOptions& opt);
/// The series: every theme of themes_of(), each to `<stem>_<theme>.<ext>` beside `out`
/// (':' in a theme becomes '_').
std::vector<RenderReport> render_series(const std::vector<MapLayer>& layers,
                                        const std::filesystem::path& out, const RenderOptions& opt);
/// One line for the log: "deventer_overview.png: 14 labels, 9 on the map (2 with a leader
/// line), 5 in the inset (Binnenstad), 0 dropped".
std::string describe(const RenderReport& r);
/// The file of one theme of a series.
std::filesystem::path series_file(const std::filesystem::path& out, const std::string& theme);

// Label placement (public for its tests). Boxes are in page pixels, y down.
struct Box {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool overlaps(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
  bool inside(const Box& o) const { return x0 >= o.x0 && y0 >= o.y0 && x1 <= o.x1 && y1 <= o.y1; }
};
struct LabelRequest {
  double x = 0, y = 0;  ///< the anchor (the place's centre)
  double w = 0, h = 0;  ///< the text's size
  double gap = 0;       ///< free distance from the anchor (the symbol's radius)
};
struct LabelPlacement {
  bool placed = false;
  Box box;              ///< where the text goes
  bool leader = false;  ///< moved away: draw a line from the anchor to the box
};
/// Greedy placement in the order given (most important first): beside the anchor in eight
/// directions, then farther out with a leader line; a label that overlaps a placed one, an
/// obstacle or the frame's edge in every position is dropped.
std::vector<LabelPlacement> place_labels(const std::vector<LabelRequest>& requests,
                                         const Box& frame, const std::vector<Box>& obstacles);

}  // namespace hotspot::mapping
