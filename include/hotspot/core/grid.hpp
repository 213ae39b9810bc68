#pragma once
// The grid shared by density and stats (STYLE.md "one vocabulary"): square cells of
// `cell_m` metres anchored at the lower-left corner (xmin, ymin). Cell (col, row) has its
// centre at (xmin + (col + 0.5) cell_m, ymin + (row + 0.5) cell_m); row 0 is the SOUTHERN
// row and `cell_id = row * ncols + col`. A point belongs to the cell whose half-open
// interval [left, right) x [bottom, top) holds it. (GeoTIFFs are written north-up: the
// writer flips rows.)
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

namespace hotspot {

struct Grid {
  /// Refused as too large (Error(Resource)) before any integer holds them: 2^31 cells along
  /// an axis, 2^40 cells in all (16 TB of doubles, beyond any machine this runs on).
  static constexpr std::int64_t kMaxAxisCells = std::int64_t{1} << 31;
  static constexpr std::int64_t kMaxCells = std::int64_t{1} << 40;
  double xmin = 0, ymin = 0;
  double cell_m = 0;
  std::int64_t ncols = 0, nrows = 0;

  std::int64_t size() const noexcept { return ncols * nrows; }
  double xmax() const noexcept { return xmin + static_cast<double>(ncols) * cell_m; }
  double ymax() const noexcept { return ymin + static_cast<double>(nrows) * cell_m; }
  double cx(std::int64_t col) const noexcept {
    return xmin + (static_cast<double>(col) + 0.5) * cell_m;
  }
  double cy(std::int64_t row) const noexcept {
    return ymin + (static_cast<double>(row) + 0.5) * cell_m;
  }
  std::int64_t col_of(double x) const noexcept {
    return static_cast<std::int64_t>(std::floor((x - xmin) / cell_m));
  }
  std::int64_t row_of(double y) const noexcept {
    return static_cast<std::int64_t>(std::floor((y - ymin) / cell_m));
  }
  /// cell_id of the cell holding (x, y), or nullopt outside the grid.
  std::optional<std::int64_t> cell_of(double x, double y) const noexcept {
    const std::int64_t c = col_of(x), r = row_of(y);
    if (c < 0 || r < 0 || c >= ncols || r >= nrows) return std::nullopt;
    return r * ncols + c;
  }

  /// A grid over [xmin, xmax] x [ymin, ymax] anchored at (xmin, ymin); the far edges are
  /// rounded up to whole cells. @throws Error(Usage) for a non-positive cell or empty extent,
  /// Error(Resource) for more cells than kMaxAxisCells / kMaxCells.
  static Grid from_extent(double xmin, double ymin, double xmax, double ymax, double cell_m);
  /// The bounding box snapped outward to multiples of cell_m (for masks).
  static Grid snapped(double xmin, double ymin, double xmax, double ymax, double cell_m);
};

/// Hexagonal cells ("pointy-top"), `cell_m` = distance between neighbouring centres (the
/// hexagon's width); circumradius R = cell_m / sqrt(3); rows cell_m * sqrt(3) / 2 apart, odd
/// rows shifted east by half a cell. Cell (col, row): centre
/// (xmin + (col + 0.5 + (row odd ? 0.5 : 0)) cell_m, ymin + R + row * 1.5 R);
/// cell_id = row * ncols + col, row 0 at the south. A point belongs to the nearest centre
/// (ties: the lower cell_id). `covering` starts half a cell west and half a radius south of
/// the extent so that every point of the extent lies in a cell.
struct HexGrid {
  Grid g;  ///< xmin, ymin, cell_m, ncols, nrows as above
  static HexGrid covering(double xmin, double ymin, double xmax, double ymax, double cell_m);
  double radius() const noexcept { return g.cell_m / std::sqrt(3.0); }
  double cx(std::int64_t col, std::int64_t row) const noexcept {
    return g.xmin + (static_cast<double>(col) + 0.5 + ((row & 1) ? 0.5 : 0.0)) * g.cell_m;
  }
  double cy(std::int64_t row) const noexcept {
    return g.ymin + radius() * (1.0 + 1.5 * static_cast<double>(row));
  }
  std::optional<std::int64_t> cell_of(double x, double y) const noexcept;
};

/// "XMIN,YMIN,XMAX,YMAX" -> four numbers. @throws Error(Usage)
void parse_extent(const std::string& s, double& xmin, double& ymin, double& xmax, double& ymax);

}  // namespace hotspot
