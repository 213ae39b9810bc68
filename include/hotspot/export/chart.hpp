#pragma once
// Time series charts for the yearly report (issue 17): PNG line charts drawn with cairo,
// one line per series, round y-axis breaks, a legend with the series' names, a title, the
// axis label and a source line ("Bron: ..."). Colours are the Okabe-Ito palette, which stays
// readable for colour-blind readers and in grey print.
#include <filesystem>
#include <string>
#include <vector>

namespace hotspot::mapping {

struct ChartSeries {
  std::string name;
  std::vector<double> values;  ///< one per x label
};

struct Chart {
  std::string title, y_label, source;
  std::vector<std::string> x_labels;
  std::vector<ChartSeries> series;
  int width_px = 1200, height_px = 700;
};

/// "Nice" axis breaks from 0 to at least `max` (1, 2 or 5 times a power of ten), about five.
std::vector<double> round_breaks(double max);

/// Write the chart as a PNG. @throws Error(Output), Error(Usage) for an empty chart.
void write_chart_png(const Chart& c, const std::filesystem::path& png);

}  // namespace hotspot::mapping
