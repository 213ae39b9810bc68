#include "hotspot/core/grid.hpp"

#include <cstdio>

#include <fmt/format.h>

#include "hotspot/core/error.hpp"
#include "hotspot/core/run_context.hpp"

namespace hotspot {

Grid Grid::from_extent(double xmin, double ymin, double xmax, double ymax, double cell_m) {
  if (!(cell_m > 0) || !std::isfinite(cell_m))
    throw Error(ErrorCode::Usage, fmt::format("cell size {} m is not positive", cell_m),
                {"", "", "--cell-m"}, "give a cell size in metres, e.g. --cell-m 25");
  if (!(xmax > xmin) || !(ymax > ymin))
    throw Error(ErrorCode::Usage,
                fmt::format("extent {},{},{},{} is empty", xmin, ymin, xmax, ymax),
                {"", "", "--extent"},
                "give XMIN,YMIN,XMAX,YMAX with XMIN < XMAX and YMIN < YMAX (EPSG:28992 metres)");
  if (!std::isfinite(xmin) || !std::isfinite(ymin) || !std::isfinite(xmax) || !std::isfinite(ymax))
    throw Error(ErrorCode::Usage,
                fmt::format("extent {},{},{},{} is not finite", xmin, ymin, xmax, ymax),
                {"", "", "--extent"}, "give XMIN,YMIN,XMAX,YMAX in metres");
  // Sizes in double first: a cell of 1e-300 m or an extent of 4e18 m must be refused, not
  // overflow an integer (undefined behaviour) or wrap to a small grid.
  // Tolerate floating-point noise: 15000 / 25 must be 600 cells, not 601.
  const double cols = std::ceil((xmax - xmin) / cell_m - 1e-9),
               rows = std::ceil((ymax - ymin) / cell_m - 1e-9);
  if (!(cols <= static_cast<double>(kMaxAxisCells)) ||
      !(rows <= static_cast<double>(kMaxAxisCells)) ||
      !(cols * rows <= static_cast<double>(kMaxCells)))
    throw Error(ErrorCode::Resource,
                fmt::format("a grid of {:.4g} x {:.4g} cells of {} m is far too large for memory "
                            "(it would need at least {})",
                            cols, rows, cell_m, human_bytes(cols * rows * 8)),
                {}, "use a larger cell size or a smaller extent");
  Grid g;
  g.xmin = xmin;
  g.ymin = ymin;
  g.cell_m = cell_m;
  g.ncols = std::max<std::int64_t>(1, static_cast<std::int64_t>(cols));
  g.nrows = std::max<std::int64_t>(1, static_cast<std::int64_t>(rows));
  return g;
}

Grid Grid::snapped(double xmin, double ymin, double xmax, double ymax, double cell_m) {
  if (!(cell_m > 0) || !std::isfinite(cell_m))
    return from_extent(xmin, ymin, xmax, ymax, cell_m);  // throws
  const double x0 = std::floor(xmin / cell_m) * cell_m, y0 = std::floor(ymin / cell_m) * cell_m;
  const double x1 = std::ceil(xmax / cell_m) * cell_m, y1 = std::ceil(ymax / cell_m) * cell_m;
  return from_extent(x0, y0, x1 > x0 ? x1 : x0 + cell_m, y1 > y0 ? y1 : y0 + cell_m, cell_m);
}

HexGrid HexGrid::covering(double xmin, double ymin, double xmax, double ymax, double cell_m) {
  Grid base = Grid::from_extent(xmin, ymin, xmax, ymax, cell_m);  // validates
  HexGrid h;
  h.g = base;
  const double r = cell_m / std::sqrt(3.0);
  // Start half a cell west and half a radius south so the extent's edges are covered too.
  h.g.xmin = xmin - cell_m / 2;
  h.g.ymin = ymin - r / 2;
  const double cols = std::ceil((xmax - h.g.xmin) / cell_m) + 1,
               rows = std::ceil((ymax - h.g.ymin - r) / (1.5 * r)) + 2;
  if (!(cols <= static_cast<double>(Grid::kMaxAxisCells)) ||
      !(rows <= static_cast<double>(Grid::kMaxAxisCells)) ||
      !(cols * rows <= static_cast<double>(Grid::kMaxCells)))
    throw Error(
        ErrorCode::Resource,
        fmt::format("a grid of {:.4g} x {:.4g} hexagons of {} m is far too large for memory", cols,
                    rows, cell_m),
        {"", "", "--grid-m"}, "use a larger cell size or a smaller extent");
  h.g.ncols = static_cast<std::int64_t>(cols);
  h.g.nrows = static_cast<std::int64_t>(rows);
  return h;
}

std::optional<std::int64_t> HexGrid::cell_of(double x, double y) const noexcept {
  const double r = radius();
  const auto r0 = static_cast<std::int64_t>(std::floor((y - g.ymin - r) / (1.5 * r)));
  double best = INFINITY;
  std::int64_t id = -1;
  for (std::int64_t row = r0 - 1; row <= r0 + 2; ++row) {
    if (row < 0 || row >= g.nrows) continue;
    const double shift = (row & 1) ? 0.5 : 0.0;
    const auto c0 = static_cast<std::int64_t>(std::floor((x - g.xmin) / g.cell_m - shift));
    for (std::int64_t col = c0 - 1; col <= c0 + 1; ++col) {
      if (col < 0 || col >= g.ncols) continue;
      const double dx = x - cx(col, row), dy = y - cy(row), d = dx * dx + dy * dy;
      const std::int64_t cid = row * g.ncols + col;
      if (d < best || (d == best && cid < id)) {
        best = d;
        id = cid;
      }
    }
  }
  if (id < 0 || best > r * r * (1 + 1e-9)) return std::nullopt;
  return id;
}

void parse_extent(const std::string& s, double& xmin, double& ymin, double& xmax, double& ymax) {
  char tail = 0;
  if (std::sscanf(s.c_str(), "%lf,%lf,%lf,%lf%c", &xmin, &ymin, &xmax, &ymax, &tail) != 4)
    throw Error(ErrorCode::Usage, fmt::format("--extent '{}' is not XMIN,YMIN,XMAX,YMAX", s),
                {"", "", "--extent"},
                "write e.g. --extent 200000,468000,215000,482000 (EPSG:28992 metres)");
}

}  // namespace hotspot
