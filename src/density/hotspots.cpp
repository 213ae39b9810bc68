#include "hotspot/density/hotspots.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>

#include <fmt/format.h>

#include "hotspot/core/error.hpp"

namespace hotspot::density {

double parse_percent(const std::string& s) {
  std::string t = s;
  if (!t.empty() && t.back() == '%') t.pop_back();
  char* end = nullptr;
  const double v = std::strtod(t.c_str(), &end);
  if (t.empty() || *end != 0 || !(v > 0) || v > 100)
    throw Error(ErrorCode::Usage, fmt::format("'{}' is not a percentage between 0 and 100", s),
                {"", "", "--top"}, "write e.g. --top 5%");
  return v / 100.0;
}

HotspotRegions find_hotspots(const Grid& g, const std::vector<double>& v,
                             const std::vector<std::uint8_t>* mask, const HotspotConfig& cfg) {
  if (cfg.top_fraction.has_value() == cfg.threshold.has_value())
    throw Error(ErrorCode::Usage, "hotspot areas need either --top P% or --threshold V",
                {"", "", "--top"}, "give one of them, e.g. --top 5%");
  HotspotRegions r;
  const std::size_t n = v.size();
  std::vector<double> inside;
  for (std::size_t i = 0; i < n; ++i)
    if ((!mask || (*mask)[i]) && std::isfinite(v[i])) inside.push_back(v[i]);
  r.cells_in_mask = static_cast<std::int64_t>(inside.size());
  if (inside.empty())
    throw Error(ErrorCode::EmptyInput, "no cells inside the mask", {}, "check --mask and --extent");
  if (cfg.threshold) {
    r.threshold = *cfg.threshold;
  } else {
    const auto k = static_cast<std::size_t>(
        std::max(1.0, std::ceil(*cfg.top_fraction * static_cast<double>(inside.size()))));
    std::nth_element(inside.begin(), inside.begin() + static_cast<std::ptrdiff_t>(k - 1),
                     inside.end(), std::greater<>());
    r.threshold = inside[k - 1];
  }
  std::vector<std::uint8_t> sel(n, 0);
  for (std::size_t i = 0; i < n; ++i)
    if ((!mask || (*mask)[i]) && std::isfinite(v[i]) && v[i] >= r.threshold && v[i] > 0) {
      sel[i] = 1;
      ++r.cells_selected;
    }
  // 4-connected components, labelled in cell order (deterministic).
  r.label.assign(n, -1);
  std::vector<std::int64_t> stack;
  for (std::int64_t start = 0; start < static_cast<std::int64_t>(n); ++start) {
    if (!sel[static_cast<std::size_t>(start)] || r.label[static_cast<std::size_t>(start)] >= 0)
      continue;
    const int lab = r.n++;
    stack.push_back(start);
    r.label[static_cast<std::size_t>(start)] = lab;
    while (!stack.empty()) {
      const std::int64_t c = stack.back();
      stack.pop_back();
      const std::int64_t row = c / g.ncols, col = c % g.ncols;
      const std::int64_t nb[4][2] = {
          {row, col - 1}, {row, col + 1}, {row - 1, col}, {row + 1, col}};
      for (const auto& q : nb) {
        if (q[0] < 0 || q[1] < 0 || q[0] >= g.nrows || q[1] >= g.ncols) continue;
        const std::size_t j = static_cast<std::size_t>(q[0] * g.ncols + q[1]);
        if (sel[j] && r.label[j] < 0) {
          r.label[j] = lab;
          stack.push_back(static_cast<std::int64_t>(j));
        }
      }
    }
  }
  return r;
}

}  // namespace hotspot::density
