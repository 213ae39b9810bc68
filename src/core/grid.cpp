#include "hotspot/core/grid.hpp"

#include <cstdio>

#include <fmt/format.h>

#include "hotspot/core/error.hpp"

namespace hotspot {

Grid Grid::from_extent(double xmin, double ymin, double xmax, double ymax, double cell_m) {
  if (!(cell_m > 0) || !std::isfinite(cell_m))
    throw Error(ErrorCode::Usage, fmt::format("cell size {} m is not positive", cell_m), {"", "", "--cell-m"},
                "give a cell size in metres, e.g. --cell-m 25");
  if (!(xmax > xmin) || !(ymax > ymin))
    throw Error(ErrorCode::Usage, fmt::format("extent {},{},{},{} is empty", xmin, ymin, xmax, ymax), {"", "", "--extent"},
                "give XMIN,YMIN,XMAX,YMAX with XMIN < XMAX and YMIN < YMAX (EPSG:28992 metres)");
  Grid g;
  g.xmin = xmin;
  g.ymin = ymin;
  g.cell_m = cell_m;
  // Tolerate floating-point noise: 15000 / 25 must be 600 cells, not 601.
  g.ncols = static_cast<std::int64_t>(std::ceil((xmax - xmin) / cell_m - 1e-9));
  g.nrows = static_cast<std::int64_t>(std::ceil((ymax - ymin) / cell_m - 1e-9));
  return g;
}

Grid Grid::snapped(double xmin, double ymin, double xmax, double ymax, double cell_m) {
  if (!(cell_m > 0)) return from_extent(xmin, ymin, xmax, ymax, cell_m);  // throws
  const double x0 = std::floor(xmin / cell_m) * cell_m, y0 = std::floor(ymin / cell_m) * cell_m;
  const double x1 = std::ceil(xmax / cell_m) * cell_m, y1 = std::ceil(ymax / cell_m) * cell_m;
  return from_extent(x0, y0, x1 > x0 ? x1 : x0 + cell_m, y1 > y0 ? y1 : y0 + cell_m, cell_m);
}

void parse_extent(const std::string& s, double& xmin, double& ymin, double& xmax, double& ymax) {
  char tail = 0;
  if (std::sscanf(s.c_str(), "%lf,%lf,%lf,%lf%c", &xmin, &ymin, &xmax, &ymax, &tail) != 4)
    throw Error(ErrorCode::Usage, fmt::format("--extent '{}' is not XMIN,YMIN,XMAX,YMAX", s), {"", "", "--extent"},
                "write e.g. --extent 200000,468000,215000,482000 (EPSG:28992 metres)");
}

}  // namespace hotspot
